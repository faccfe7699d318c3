import { describe, expect, test } from 'vitest';
import { render } from '../../src/report/index.js';
import { cleanOutcome, deadlock, quotedOutcome, seriesOutcome } from './fixtures.js';

describe('b4 per-patch check format', () => {
  test('silent when clean', () => {
    expect(render(cleanOutcome(), 'b4', { color: false })).toBe('');
  });

  test('one line per finding; ERROR only on regressions', () => {
    const lines = render(seriesOutcome(), 'b4', { color: false }).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^mm\/khugepaged\.c:1906: ERROR: \[collapse-frozen-page-in-cache\] .*\(regression; replay: mmreview replay collapse-vs-mincore:9c1d2e3f:b1\.0\.0\.1\)$/);
    expect(lines[1]).toMatch(/^mm\/khugepaged\.c:1930: CHECK: \[collapse-exposes-non-uptodate\] .*\(fixed; /);
    expect(lines[1]).not.toContain('ERROR');
    const pre = render(quotedOutcome(), 'b4', { color: false });
    expect(pre).toMatch(/^mm\/hugetlb\.c:5301: WARNING: .*\(pre-existing\)\n$/);
  });

  test('a regression of a warning-level rule is a WARNING', () => {
    const o = seriesOutcome();
    o.patches[2].findings = [{ ...deadlock, severity: 'warning' }];
    expect(render(o, 'b4', { color: false })).toMatch(/: WARNING: /);
  });

  test('messages with newlines stay on one line', () => {
    const o = seriesOutcome();
    o.patches[2].findings = [{ ...deadlock, message: 'two\nlines' }];
    expect(render(o, 'b4', { color: false }).trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('b4-review format', () => {
  const review = (o = seriesOutcome()) => JSON.parse(render(o, 'b4-review', { color: false }));

  test('[] when nothing to report', () => {
    expect(render(cleanOutcome(), 'b4-review', { color: false })).toBe('[]\n');
  });

  test('regression fails, fixed and pre-existing pass', () => {
    const r = review();
    expect(r.map((e: { status: string }) => e.status)).toEqual(['fail', 'pass']);
    expect(review(quotedOutcome())[0].status).toBe('pass');
    for (const e of [...r, ...review(quotedOutcome())]) {
      expect(Object.keys(e).sort()).toEqual(['details', 'status', 'summary', 'tool', 'url']);
      expect(e.tool).toBe('mmreview');
    }
    expect(r[0].summary).toBe(`regression: [collapse-frozen-page-in-cache] mm/khugepaged.c:1906: ${deadlock.message}`);
    expect(r[0].url).toBe('docs/rules.md#collapse-frozen-page-in-cache');
    expect(r[0].details).toContain('wait-for cycle:');
    expect(r[0].details).toContain('replay: mmreview replay');
  });

  test('a warning-level regression warns', () => {
    const o = seriesOutcome();
    o.patches[2].findings = [{ ...deadlock, severity: 'warning' }];
    expect(review(o)[0].status).toBe('warn');
  });
});
