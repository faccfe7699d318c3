import { describe, expect, test } from 'vitest';
import { render } from '../../src/report/index.js';
import { cleanOutcome, deadlock, quotedOutcome, seriesOutcome } from './fixtures.js';

const text = (o = seriesOutcome(), color = false) => render(o, 'text', { color });

describe('text report', () => {
  test('one compiler-style line per finding, classification visible, sorted by file and line', () => {
    const heads = text().split('\n').filter((l) => /^\S+:\d+: /.test(l));
    expect(heads).toEqual([
      'mm/khugepaged.c:1906: error: [collapse-frozen-page-in-cache] ' + deadlock.message + ' (regression)',
      'mm/khugepaged.c:1930: note: [collapse-exposes-non-uptodate] SEEK_DATA sees a !uptodate huge page in the page cache and reports a hole where data is (fixed)',
    ]);
    expect(text(quotedOutcome())).toMatch(/^mm\/hugetlb\.c:5301: warning: \[hugetlb-unmap-vma-lock\] .* \(pre-existing\)$/m);
  });

  test('the hunk is shown with the marked lines flagged', () => {
    const out = text();
    expect(out).toContain('hunk #3 of mm/khugepaged.c:');
    expect(out).toMatch(/^ {4}> {10}if \(!page_ref_freeze\(page, 3\)\) \{$/m);
    expect(out).toMatch(/^ {4}> -\s+xas_store\(&xas, hpage\);$/m);
    expect(out).toMatch(/^ {6}\+\s+list_add_tail/m);
  });

  test('the interleaving is a timeline with one column per thread and numbered steps', () => {
    const lines = text().split('\n');
    const header = lines.find((l) => l.includes('step |'))!;
    expect(header.split('|').map((c) => c.trim())).toEqual(['step', 'collapse', 'mincore']);
    const col = header.indexOf('mincore');
    const step4 = lines.find((l) => /^\s+4 \| /.test(l))!;
    expect(step4.indexOf('pte_offset_map_lock')).toBe(col);
    const step7 = lines.findIndex((l) => /^\s+7 \| /.test(l));
    expect(lines[step7]).toMatch(/^\s+7 \| try_to_unmap/);
    expect(lines.slice(step7, step7 + 3).join('\n')).toContain('mm/rmap.c:812 page_vma_mapped_walk()');
    expect(text()).toContain('choice mm/mincore.c:110=true');
  });

  test('stall cycle, state at the failing step and replay command', () => {
    const out = text();
    expect(out).toContain('collapse waits for lock PTL(table X), held by mincore  mm/rmap.c:812');
    expect(out).toContain('mincore spins on frozen refcount of page 0, held by collapse  mm/filemap.c:1874');
    expect(out).toContain('state at the failing step:\n      page0.ref = 0 (frozen by collapse)');
    expect(out).toContain('replay: mmreview replay collapse-vs-mincore:9c1d2e3f:b1.0.0.1');
  });

  test('replay strings with shell metacharacters are quoted', () => {
    const o = seriesOutcome();
    o.patches[2].findings[1] = { ...deadlock, trace: { ...deadlock.trace!, replay: "a b'c" } };
    expect(text(o)).toContain(`replay: mmreview replay 'a b'\\''c'`);
  });

  test('summary per patch (also clean ones), unplaced hunks, not-modelled calls, series totals', () => {
    const out = text();
    const summary = out.slice(out.indexOf('Summary'));
    expect(summary).toContain('patch 1/3: mm/khugepaged: drain lru after swapping in shmem\n    no findings; 1 scenario run');
    expect(summary).toContain('not placed: mm/khugepaged.c hunk #4');
    expect(summary).toContain('not modelled: userfaultfd_missing');
    expect(summary).toContain('patch 3/3: mm/khugepaged: maintain page cache uptodate flag\n    1 regression, 1 fixed, 0 pre-existing');
    expect(summary).toContain('not modelled: count_vm_event, lru_add_drain');
    expect(summary.trimEnd().split('\n').at(-1)).toBe('series of 3 patches: 1 regression, 1 fixed, 0 pre-existing');
    expect(text(cleanOutcome())).toBe(
      'Summary\n  patch: mm: comment fix\n    no findings; base: reference 6.3 (no tree; hunks placed on the built-in model)\n1 patch: 0 regressions, 0 fixed, 0 pre-existing\n',
    );
  });

  test('quoted and repaired patches are marked', () => {
    const out = text(quotedOutcome());
    expect(out).toContain('patch v5: mm/hugetlb: fix hugetlb vma lock in MADV_DONTNEED  [quoted from a reply]  [whitespace repaired]');
    expect(out.match(/\[quoted from a reply\]/g)).toHaveLength(2);
  });

  test('series notes are printed', () => {
    const o = seriesOutcome();
    o.patches[2].findings[1] = { ...deadlock, seriesNote: 'fixed later by patch 4/4' };
    expect(text(o)).toContain('    series: fixed later by patch 4/4');
  });

  test('colour only when asked; plain text is identical once the escapes are removed', () => {
    expect(text()).not.toMatch(/\u001b\[/);
    const coloured = text(seriesOutcome(), true);
    expect(coloured).toMatch(/\u001b\[1m\u001b\[31merror:/);
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(text());
  });

  test('intake notes only when verbose', () => {
    expect(text()).not.toContain('Intake notes');
    expect(render(seriesOutcome(), 'text', { color: false, verbose: true })).toContain('Intake notes:\n  001_b4639c94fadb0b62.txt:1:');
  });

  test('byte-identical across two renders and independent of the engine order of findings', () => {
    const a = seriesOutcome();
    const b = seriesOutcome();
    b.patches[2].findings.reverse();
    expect(text(a)).toBe(text(a));
    expect(text(a)).toBe(text(b));
  });
});
