/**
 * Every rule in allRules is complete: id = file name, metadata filled in, scenarios well-formed
 * with stable unique ids, the matched property defined, and fixtures it must report and fixtures
 * it must stay quiet on present on disk.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';

const root = resolve(__dirname, '../..');
const ruleFiles = readdirSync(join(root, 'rules'))
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.test.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

describe('rules index', () => {
  it('lists exactly the rule files', () => {
    expect(allRules.map((r) => r.id).sort()).toEqual(ruleFiles);
  });

  it('has globally unique scenario ids', () => {
    const ids = allRules.flatMap((r) => r.scenarios.map((s) => s.id));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe.each(allRules.map((r) => [r.id, r] as const))('rule %s', (id, rule) => {
  it('has its id as file name and complete metadata', async () => {
    const mod = (await import(join(root, 'rules', `${id}.ts`))) as { default: { id: string } };
    expect(mod.default.id).toBe(id);
    expect(rule.title.length).toBeGreaterThan(10);
    expect(rule.rationale.length).toBeGreaterThan(80);
    expect(rule.references.length).toBeGreaterThan(0);
    expect(rule.knownFalsePositives.length).toBeGreaterThan(10);
    expect(['error', 'warning', 'info']).toContain(rule.severity);
    expect(rule.triggers.functions.length).toBeGreaterThan(0);
    expect(rule.message.length).toBeGreaterThan(10);
  });

  it('has scenarios whose threads, objects and matched property fit together', () => {
    expect(rule.scenarios.length).toBeGreaterThan(0);
    for (const sc of rule.scenarios) {
      const names = new Set(sc.objects.map((o) => o.name));
      expect(names.size, `${sc.id}: duplicate object`).toBe(sc.objects.length);
      expect(sc.threads.length).toBeGreaterThan(0);
      for (const t of sc.threads)
        for (const v of Object.values(t.args)) if (typeof v === 'string') expect(names, `${sc.id}: ${t.name} arg ${v}`).toContain(v);
      if ('property' in rule.match) expect(sc.properties.map((p) => p.id)).toContain(rule.match.property);
      else expect(sc.checkStalls).not.toBe(false);
      expect(sc.bounds.maxStates).toBeGreaterThan(0);
      expect(sc.bounds.maxMillis).toBeGreaterThan(0);
    }
  });

  it('has fixtures to report and fixtures to stay quiet on, all on disk', () => {
    const report = rule.fixtures.filter((f) => f.expect !== 'quiet');
    const quiet = rule.fixtures.filter((f) => f.expect === 'quiet');
    expect(report.length).toBeGreaterThan(0);
    expect(quiet.length).toBeGreaterThan(0);
    for (const f of rule.fixtures) expect(existsSync(resolve(root, f.patch)), f.patch).toBe(true);
  });
});
