import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { defineRule, type Rule } from '../../src/engine/rule.js';
import { CATALOGUE_PATH, renderCatalogue } from '../../src/report/catalogue.js';
import { loadAllRules } from '../../src/cli/docs-rules.js';

const root = join(import.meta.dirname, '..', '..');

function sampleRule(id: string, over: Partial<Rule> = {}): Rule {
  return defineRule({
    id,
    title: `Title of ${id}`,
    severity: 'error',
    rationale: `Why ${id} matters.`,
    references: ['mm-reference §C.5'],
    knownFalsePositives: 'none known',
    path: 'collapse_file',
    triggers: { functions: ['mincore_pte_range', 'collapse_file'] },
    scenarios: [
      {
        id: `${id}-scn`,
        title: 'collapse vs mincore',
        objects: [],
        threads: [
          { name: 'collapse', entry: 'collapse_file', args: {} },
          { name: 'mincore', entry: 'mincore_pte_range', args: {} },
        ],
        assume: {},
        properties: [],
      } as unknown as Rule['scenarios'][number],
    ],
    match: { stall: 'any' },
    message: 'm',
    fixtures: [{ patch: 'fixtures/collapse/x.patch', expect: 'regression', why: 'keeps the freeze' }],
    ...over,
  });
}

describe('rule catalogue', () => {
  test('docs/rules.md is current (regenerate with `npm run docs:rules`)', async () => {
    const expected = renderCatalogue(await loadAllRules());
    expect(readFileSync(join(root, CATALOGUE_PATH), 'utf8')).toBe(expected);
  });

  test('an empty rule list renders a catalogue that says so', () => {
    expect(renderCatalogue([])).toContain('No rules are registered yet');
  });

  test('each rule gets an anchored section with its metadata, rules sorted by id', () => {
    const md = renderCatalogue([sampleRule('zeta', { match: { property: 'no-hole' } }), sampleRule('alpha')]);
    expect(md.indexOf('## alpha')).toBeLessThan(md.indexOf('## zeta'));
    expect(md).toContain('| [alpha](#alpha) | error | collapse_file | Title of alpha |');
    expect(md).toContain('- relevant when a patch touches: `collapse_file`, `mincore_pte_range`');
    expect(md).toContain('- `alpha-scn`: collapse vs mincore — threads: collapse (`collapse_file`) vs mincore (`mincore_pte_range`)');
    expect(md).toContain('- reports: stall (any) with a wait-for cycle');
    expect(md).toContain('- reports: property `no-hole` violated');
    expect(md).toContain('- `fixtures/collapse/x.patch` → **regression**: keeps the freeze');
    expect(md).toContain('Known false positives: none known');
  });

  test('the stale check can fail: a changed rule changes the output', () => {
    expect(renderCatalogue([sampleRule('a')])).not.toBe(renderCatalogue([sampleRule('a', { title: 'other' })]));
  });
});
