import { describe, expect, test } from 'vitest';
import { render } from '../../src/report/index.js';
import { toSarif } from '../../src/report/sarif.js';
import { cleanOutcome, deadlock, quotedOutcome, seriesOutcome } from './fixtures.js';
import { sarifValidator } from './sarif-validator.js';

const validate = sarifValidator();

describe('sarif', () => {
  test.each([
    ['series', seriesOutcome()],
    ['quoted', quotedOutcome()],
    ['clean', cleanOutcome()],
  ])('%s outcome validates against the SARIF 2.1.0 schema', (_name, outcome) => {
    const log = JSON.parse(render(outcome, 'sarif', { color: false }));
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  test('the validator rejects a broken log (the schema check can fail)', () => {
    const log = JSON.parse(render(seriesOutcome(), 'sarif', { color: false }));
    log.runs[0].results[0].level = 'fatal';
    delete log.version;
    expect(validate(log)).toBe(false);
  });

  test('the interleaving is a codeFlow with one threadFlow per thread, in step order', () => {
    const log = toSarif(seriesOutcome());
    const result = log.runs[0].results!.find((r) => r.ruleId === deadlock.ruleId)!;
    const flows = result.codeFlows![0].threadFlows;
    expect(flows.map((t) => t.id)).toEqual(['collapse', 'mincore']);
    expect(flows[0].locations.map((l) => l.executionOrder)).toEqual([1, 2, 3, 7]);
    expect(flows[1].locations.map((l) => l.executionOrder)).toEqual([4, 5, 6]);
    const last = flows[0].locations.at(-1)!;
    expect(last.location!.physicalLocation!.region!.startLine).toBe(812);
    expect(Object.values(last.state!).map((m) => m.text)).toContain('page0.ref = 0 (frozen by collapse)');
  });

  test('rules, levels and classifications', () => {
    const run = toSarif(seriesOutcome()).runs[0];
    expect(run.tool.driver.rules!.map((r) => r.id)).toEqual(['collapse-exposes-non-uptodate', 'collapse-frozen-page-in-cache']);
    const byRule = Object.fromEntries(run.results!.map((r) => [r.ruleId, r]));
    expect(byRule['collapse-frozen-page-in-cache']).toMatchObject({ level: 'error', kind: 'fail', baselineState: 'new', ruleIndex: 1 });
    expect(byRule['collapse-exposes-non-uptodate']).toMatchObject({ level: 'none', kind: 'pass', baselineState: 'absent', ruleIndex: 0 });
    const loc = byRule['collapse-frozen-page-in-cache'].locations![0].physicalLocation!;
    expect(loc.artifactLocation!.uri).toBe('mm/khugepaged.c');
    expect(loc.region!.startLine).toBe(1906);
    const pre = toSarif(quotedOutcome()).runs[0].results![0];
    expect(pre).toMatchObject({ level: 'warning', baselineState: 'unchanged' });
    expect(pre.properties!.patch).toMatchObject({ quoted: true, repaired: true });
  });

  test('known rule titles are used when given', () => {
    const run = toSarif(seriesOutcome(), [{ id: deadlock.ruleId, title: 'No frozen page left findable', severity: 'error' }]).runs[0];
    expect(run.tool.driver.rules![1].shortDescription!.text).toBe('No frozen page left findable');
  });

  test('same input, same bytes; finding order does not matter', () => {
    const a = seriesOutcome();
    const b = seriesOutcome();
    b.patches[2].findings.reverse();
    expect(render(a, 'sarif', { color: false })).toBe(render(b, 'sarif', { color: false }));
  });
});
