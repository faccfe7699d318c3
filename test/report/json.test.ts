import { describe, expect, test } from 'vitest';
import { render } from '../../src/report/index.js';
import { jsonReport } from '../../src/report/json-schema.js';
import { cleanOutcome, deadlock, quotedOutcome, seriesOutcome } from './fixtures.js';

const json = (o = seriesOutcome()) => JSON.parse(render(o, 'json', { color: false }));

describe('json report', () => {
  test.each([
    ['series', seriesOutcome()],
    ['quoted', quotedOutcome()],
    ['clean', cleanOutcome()],
  ])('%s outcome validates against the versioned zod schema', (_n, outcome) => {
    const parsed = jsonReport.safeParse(json(outcome));
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  test('the schema is strict: an undocumented field fails validation', () => {
    const report = json();
    report.patches[2].findings[0].extra = 1;
    expect(jsonReport.safeParse(report).success).toBe(false);
  });

  test('fields an engine adds later do not leak into the output unannounced', () => {
    const o = seriesOutcome();
    o.patches[2].findings[1] = { ...deadlock, undocumented: 'x' } as typeof deadlock;
    expect(jsonReport.safeParse(json(o)).success).toBe(true);
  });

  test('content: version, summary, findings sorted, classification and level kept apart', () => {
    const r = json();
    expect(r).toMatchObject({ tool: 'mmreview', version: 1, summary: { patches: 3, failing: true, counts: { regression: 1, fixed: 1, 'pre-existing': 0 } } });
    const f = r.patches[2].findings;
    expect(f.map((x: { ruleId: string }) => x.ruleId)).toEqual(['collapse-frozen-page-in-cache', 'collapse-exposes-non-uptodate']);
    expect(f[0]).toMatchObject({ classification: 'regression', level: 'error', location: { file: 'mm/khugepaged.c', line: 1906 } });
    expect(f[0].trace.steps).toHaveLength(7);
    expect(f[0].cycle[1]).toMatchObject({ thread: 'mincore', how: 'spinning' });
    expect(f[1]).toMatchObject({ classification: 'fixed', level: 'note' });
    expect(r.patches[1].unplaced).toHaveLength(1);
    expect(json(cleanOutcome()).summary.failing).toBe(false);
  });

  test('byte-identical across renders and engine orders', () => {
    const b = seriesOutcome();
    b.patches[2].findings.reverse();
    b.patches[2].unmodelled.reverse();
    expect(render(seriesOutcome(), 'json', { color: false })).toBe(render(b, 'json', { color: false }));
  });
});
