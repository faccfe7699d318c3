/**
 * Every format on real Outcomes: the engine run on the seed mails (the collapse_file v5 3/3 thread,
 * and the reply quoting the hugetlb MADV_DONTNEED patch). Two independent runs must give the same bytes.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Outcome } from '../../src/engine/types.js';
import { render, REPORT_FORMATS } from '../../src/report/index.js';
import { jsonReport } from '../../src/report/json-schema.js';
import { sarifValidator } from './sarif-validator.js';

const root = join(import.meta.dirname, '..', '..');
const seeds = join(root, '..', 'shared', 'seeds');
const SEED_COLLAPSE = join(seeds, '001_b4639c94fadb0b62.txt');
const SEED_HUGETLB_REPLY = join(seeds, '000_48df82138c7e22bf.txt');
const haveSeeds = existsSync(SEED_COLLAPSE) && existsSync(SEED_HUGETLB_REPLY);
if (!haveSeeds) console.warn('test/report/seed-formats.test.ts: ../shared/seeds not found; skipping');

async function check(input: string): Promise<Outcome> {
  const { readPatchSet } = await import('../../src/input/index.js');
  const { checkPatchSet } = await import('../../src/engine/index.js');
  return checkPatchSet(await readPatchSet([input], { cwd: root }), { cwd: root });
}

const validateSarif = sarifValidator();

describe.skipIf(!haveSeeds)('formats on the seeds', () => {
  test.each([
    ['001 collapse_file v5 3/3', SEED_COLLAPSE],
    ['000 reply quoting the hugetlb patch', SEED_HUGETLB_REPLY],
  ])('%s: every format is valid and byte-identical across two runs', async (_name, seed) => {
    const [a, b] = [await check(seed), await check(seed)];
    for (const format of REPORT_FORMATS) {
      expect(render(a, format, { color: false }), format).toBe(render(b, format, { color: false }));
    }
    const json = jsonReport.safeParse(JSON.parse(render(a, 'json', { color: false })));
    expect(json.success ? [] : json.error.issues).toEqual([]);
    expect(validateSarif(JSON.parse(render(a, 'sarif', { color: false })))).toBe(true);
    const findings = a.patches.flatMap((p) => p.findings);
    const b4 = render(a, 'b4', { color: false });
    expect(b4 === '' ? 0 : b4.trimEnd().split('\n').length).toBe(findings.length);
    expect(JSON.parse(render(a, 'b4-review', { color: false }))).toHaveLength(findings.length);
    const text = render(a, 'text', { color: false });
    expect(text).toContain('Summary\n');
    for (const f of findings) expect(text).toContain(`${f.location.file}:${f.location.line}: `);
    for (const p of a.patches.filter((x) => x.quoted)) expect(text).toContain(`${p.title}  [quoted from a reply]`);
  }, 120_000);
});
