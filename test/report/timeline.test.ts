/**
 * The interleaving table wraps narrow columns without splitting kernel names mid-word: at spaces,
 * else after `_` `/` `,` `(`, and only as a last resort at the column width.
 */
import { describe, expect, it } from 'vitest';
import type { TraceStep } from '../../src/explore/types.js';
import { palette } from '../../src/report/color.js';
import { renderTimeline } from '../../src/report/timeline.js';

const step = (n: number, thread: string, api: string, event: string, fn: string): TraceStep => ({
  n,
  thread,
  text: `${api}  [${event}]`,
  api,
  event,
  loc: { file: 'mm/memory.c', line: 205, fn },
});

describe('renderTimeline with three threads', () => {
  const steps = [
    step(1, 'zap', 'mmu_notifier_invalidate_range_start', 'NSTART(CLEAR, 0, 1)', 'zap_page_range_single'),
    step(2, 'writeback', 'folio_test_clear_dirty', 'TEST_CLEAR_DIRTY(file page)', 'folio_clear_dirty_for_io'),
    step(3, 'writer', 'mmr_user_store', 'STORE(va 0)', 'mmr_user_stores'),
  ];
  const lines = renderTimeline({ steps, state: [], replay: 'x' }, palette(false), '');
  const column = (k: number) => lines.slice(2).map((l) => (l.split('|')[k] ?? '').trim()).filter((x) => x);

  it('breaks a long name after an underscore, and keeps "file:line" apart from "function()"', () => {
    const zap = column(1);
    expect(zap[0].endsWith('_')).toBe(true);
    expect(zap.slice(0, 2).join('')).toBe('mmu_notifier_invalidate_range_start');
    expect(zap).toContain('mm/memory.c:205');
    expect(zap).toContain('zap_page_range_single()');
  });

  it('keeps whole every name that fits its column', () => {
    expect(column(2)).toContain('folio_test_clear_dirty');
    expect(column(2)).toContain('folio_clear_dirty_for_io()');
    expect(column(3)).toContain('mmr_user_store');
    expect(column(3)).toContain('mmr_user_stores()');
  });
});
