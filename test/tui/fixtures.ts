/**
 * Hand-built Outcomes for the review TUI: a two-patch series where patch 2/2 brings a lock-order
 * deadlock between a collapse thread and a fault thread (hunk, trace, cycle), patch 1/2 fixes a
 * lost-update race (trace, no cycle), and a pre-existing finding without hunk or trace; plus a clean
 * outcome. Written for these tests; shapes follow src/engine/types.ts.
 */
import type { Finding, Outcome, PatchReport } from '../../src/engine/types.js';
import type { Trace } from '../../src/explore/types.js';

const loc = (file: string, line: number, fn: string) => ({ file, line, fn });

const patch1 = { id: 'aaaa1111', title: 'mm/demo: take the table lock before the store', index: 1, total: 2, version: 3, quoted: false, repaired: false };
const patch2 = { id: 'bbbb2222', title: 'mm/demo: drop the mapping lock early', index: 2, total: 2, version: 3, quoted: true, repaired: false };

export const deadlockTrace: Trace = {
  steps: [
    { n: 1, thread: 'collapse', text: 'mutex_lock(&m->lock)  [LOCK mapping]', api: 'mutex_lock', event: 'LOCK mapping', loc: loc('mm/demo.c', 40, 'collapse_range') },
    { n: 2, thread: 'fault', text: 'spin_lock(ptl)  [LOCK PTL(table A)]', api: 'spin_lock', event: 'LOCK PTL(table A)', loc: loc('mm/memory.c', 120, 'do_fault'), choices: ['mm/memory.c:118=true'] },
    { n: 3, thread: 'collapse', text: 'spin_lock(ptl)  [LOCK PTL(table A)]', api: 'spin_lock', event: 'LOCK PTL(table A)', loc: loc('mm/demo.c', 52, 'collapse_range') },
    { n: 4, thread: 'fault', text: 'mutex_lock(&m->lock)  [LOCK mapping]', api: 'mutex_lock', event: 'LOCK mapping', loc: loc('mm/memory.c', 131, 'do_fault') },
  ],
  state: ['mapping.owner = collapse', 'PTL(table A).owner = fault'],
  replay: 'mmr1.demo-lock-order.patch:x#bbbb2222.a1b0',
};

export const regression: Finding = {
  ruleId: 'demo-lock-order',
  severity: 'error',
  classification: 'regression',
  message: 'collapse_range takes the PTL while holding the mapping lock; the fault path takes them the other way round',
  patch: patch2,
  location: { file: 'mm/demo.c', line: 52, function: 'collapse_range' },
  hunk: {
    file: 'mm/demo.c',
    hunk: 1,
    header: '@@ -45,9 +45,9 @@ static int collapse_range(struct demo_mapping *m)',
    lines: [' \tint ret = 0;', ' ', ' \tmutex_lock(&m->lock);', '-\tspin_lock(ptl);', '-\tmutex_unlock(&m->lock);', '+\tmutex_unlock(&m->lock);', '+\tspin_lock(ptl);', ' \tret = demo_store(m);', ' \tspin_unlock(ptl);', ' \treturn ret;'],
    marked: [6],
  },
  cycle: [
    { thread: 'collapse', waitsFor: 'lock PTL(table A)', heldBy: 'fault', how: 'blocked', loc: loc('mm/demo.c', 52, 'collapse_range') },
    { thread: 'fault', waitsFor: 'lock mapping', heldBy: 'collapse', how: 'blocked', loc: loc('mm/memory.c', 131, 'do_fault') },
  ],
  trace: deadlockTrace,
  scenario: 'demo-collapse-vs-fault',
  compared: { before: 'reference 6.3 + patch 1/2', after: 'post-image of patch 2/2' },
  seriesNote: 'regression introduced by patch 2/2',
};

export const fixed: Finding = {
  ruleId: 'demo-lost-update',
  severity: 'warning',
  classification: 'fixed',
  message: 'two stores to the slot without the lock could lose one',
  patch: patch1,
  location: { file: 'mm/demo.c', line: 30, function: 'demo_store' },
  trace: {
    steps: [
      { n: 1, thread: 'writer A', text: 'xas_load(&xas)  [XA_LOAD 0 = empty]', api: 'xas_load', event: 'XA_LOAD 0', loc: loc('mm/demo.c', 28, 'demo_store') },
      { n: 2, thread: 'writer B', text: 'xas_load(&xas)  [XA_LOAD 0 = empty]', api: 'xas_load', event: 'XA_LOAD 0', loc: loc('mm/demo.c', 28, 'demo_store') },
    ],
    state: [],
    replay: 'mmr1.demo-lost-update.ref:6.3.a0b1',
  },
  scenario: 'demo-two-writers',
  compared: { before: 'reference 6.3', after: 'post-image of patch 1/2' },
};

export const preExisting: Finding = {
  ruleId: 'demo-old-race',
  severity: 'info',
  classification: 'pre-existing',
  message: 'an old race the patch does not touch',
  patch: patch2,
  location: { file: 'mm/other.c', line: 7 },
  scenario: 'demo-old',
  compared: { before: 'reference 6.3 + patch 1/2', after: 'post-image of patch 2/2' },
};

function report(p: typeof patch1, findings: Finding[]): PatchReport {
  return { patchId: p.id, title: p.title, index: p.index, total: p.total, quoted: p.quoted, repaired: p.repaired, base: 'no tree: built-in reference 6.3', findings, runs: [], unplaced: [], unmodelled: [] };
}

export const seriesOutcome: Outcome = {
  schema: 1,
  inputs: ['series.mbox'],
  patches: [report(patch1, [fixed]), report(patch2, [regression, preExisting])],
  notes: [],
};

export const cleanOutcome: Outcome = {
  schema: 1,
  inputs: ['clean.patch'],
  patches: [{ ...report(patch1, []), unplaced: ['mm/demo.c hunk 2: context not found'] }],
  notes: [],
};

/** An outcome with `n` findings, for scrolling. */
export function manyFindings(n: number): Outcome {
  const findings = Array.from({ length: n }, (_, i) => ({ ...preExisting, location: { file: 'mm/other.c', line: i + 1 } }));
  return { schema: 1, inputs: ['many.mbox'], patches: [report(patch2, findings)], notes: [] };
}

/** A finding whose trace (40 steps) and hunk (30 lines) do not fit a 30-row terminal. */
export function longFinding(): Finding {
  const steps = Array.from({ length: 40 }, (_, i) => ({
    n: i + 1,
    thread: i === 39 ? 'fault' : 'collapse',
    text: `step_${i + 1}(x)  [EVENT ${i + 1}]`,
    api: `step_${i + 1}`,
    event: `EVENT ${i + 1}`,
    loc: loc('mm/demo.c', 100 + i, 'collapse_range'),
  }));
  const lines = Array.from({ length: 30 }, (_, i) => (i === 25 ? '+\tnew_call();' : ` \tline_${i};`));
  return {
    ...regression,
    hunk: { ...regression.hunk!, lines, marked: [25] },
    trace: { ...deadlockTrace, steps },
  };
}

export const longOutcome: Outcome = {
  schema: 1,
  inputs: ['long.mbox'],
  patches: [report(patch2, [longFinding(), preExisting])],
  notes: [],
};
