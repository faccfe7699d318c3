import { cleanup, render } from 'ink-testing-library';
import type React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ReviewApp } from '../../src/tui/index.js';
import { cleanOutcome, manyFindings, seriesOutcome } from './fixtures.js';

const ESC = '\u001B';
const DOWN = `${ESC}[B`;
const UP = `${ESC}[A`;
const plain = (s: string | undefined) => (s ?? '').replace(/\u001B\[[0-9;]*m/g, '');
const tick = () => new Promise((r) => setTimeout(r, 20));

/** Render, then let Ink subscribe to stdin before any key is typed. */
async function mount(el: React.ReactElement) {
  const inst = render(el);
  await tick();
  return inst;
}

async function press(stdin: { write: (s: string) => void }, ...keys: string[]) {
  for (const k of keys) {
    stdin.write(k);
    await tick();
  }
}

/** The list rows: lines starting with the selection mark column. */
function listRows(frame: string): string[] {
  return frame.split('\n').filter((l) => /^[› ] [✓ ] (regression|fixed|pre-existing)/.test(l));
}

afterEach(() => cleanup());

describe('ReviewApp', () => {
  it('lists every finding in series order and shows the first one', async () => {
    const { lastFrame } = await mount(<ReviewApp outcome={seriesOutcome} />);
    const frame = plain(lastFrame());
    expect(frame).toContain('mmreview review  3 finding(s): 1 regression, 1 fixed, 1 pre-existing  in 2 patch(es) of series.mbox');
    const rows = listRows(frame);
    expect(rows.map((r) => `${r.slice(0, 4)}${r.split(/\s+/)[1]}`)).toEqual(['›   fixed', '    regression', '    pre-existing']);
    expect(rows[1]).toContain('regression   demo-lock-order  demo-collapse-vs-fault  (patch 2/2, mm/demo.c:52 collapse_range())');
    expect(frame).toContain('two stores to the slot without the lock could lose one');
    expect(frame).toContain('[1/3]');
  });

  it('shows the hunk with the marked line, the per-thread timeline and the wait-for cycle', async () => {
    const { lastFrame, stdin } = await mount(<ReviewApp outcome={seriesOutcome} />);
    await press(stdin, 'j');
    const lines = plain(lastFrame()).split('\n');
    expect(lines).toContain('mm/demo.c (hunk 2)  @@ -45,9 +45,9 @@ static int collapse_range(struct demo_mapping *m)');
    expect(lines).toContain('> +         spin_lock(ptl);');
    expect(lines).toContain('  -         mutex_unlock(&m->lock);');
    expect(lines.some((l) => l.includes('⋮ 4 line(s)'))).toBe(true);
    const head = lines.find((l) => /^ *# │ collapse/.test(l))!;
    expect(head).toMatch(/│ fault$/);
    const step2 = lines.find((l) => /^ *2 │/.test(l))!;
    expect(step2.indexOf('spin_lock(ptl)')).toBeGreaterThan(head.indexOf('fault') - 1);
    const step1 = lines.find((l) => /^ *1 │/.test(l))!;
    expect(step1.indexOf('mutex_lock')).toBeLessThan(head.lastIndexOf('│'));
    expect(lines).toContain('wait-for cycle (deadlock):');
    expect(lines).toContain('  collapse  waits for lock PTL(table A), held by fault  at mm/demo.c:52 collapse_range()');
    expect(lines).toContain('regression introduced by patch 2/2');
    expect(plain(lastFrame())).toContain('[quoted from a reply]');
  });

  it('moves with j/k and the arrows, marks items moved past as finished, and stops at the ends', async () => {
    const { lastFrame, stdin } = await mount(<ReviewApp outcome={seriesOutcome} />);
    await press(stdin, DOWN, DOWN, DOWN);
    let rows = listRows(plain(lastFrame()));
    expect(rows.map((r) => r.slice(0, 3))).toEqual(['  ✓', '  ✓', '›  ']);
    expect(plain(lastFrame())).toContain('an old race the patch does not touch');
    await press(stdin, UP, 'k');
    rows = listRows(plain(lastFrame()));
    expect(rows.map((r) => r.slice(0, 3))).toEqual(['› ✓', '  ✓', '  ✓']);
    expect(plain(lastFrame())).toContain('[1/3]');
  });

  it('enter shows details: whole hunk, source locations and choices, model state, replay command', async () => {
    const { lastFrame, stdin } = await mount(<ReviewApp outcome={seriesOutcome} />);
    await press(stdin, 'j');
    expect(plain(lastFrame())).not.toContain('mapping.owner = collapse');
    await press(stdin, '\r');
    const frame = plain(lastFrame());
    expect(frame).not.toContain('⋮');
    expect(frame).toContain('    ret = demo_store(m);'.replace('    ', '          '));
    expect(frame).toContain('mm/memory.c:120 do_fault()');
    expect(frame).toContain('choice mm/memory.c:118=true');
    expect(frame).toContain('  mapping.owner = collapse');
    expect(frame).toContain('mmreview replay mmr1.demo-lock-order.patch:x#bbbb2222.a1b0');
    expect(frame).toContain('enter: less');
    await press(stdin, '\r');
    expect(plain(lastFrame())).not.toContain('mapping.owner = collapse');
  });

  it('scrolls a long list to keep the selection in view', async () => {
    const { lastFrame, stdin } = await mount(<ReviewApp outcome={manyFindings(12)} listRows={4} />);
    expect(plain(lastFrame())).toContain('↓ 8 more');
    await press(stdin, 'G');
    const frame = plain(lastFrame());
    expect(frame).toContain('↑ 8 more');
    expect(listRows(frame).at(-1)).toContain('mm/other.c:12');
    expect(listRows(frame).at(-1)!.startsWith('›')).toBe(true);
  });

  it('says there is nothing to review when no patch has a finding', async () => {
    const frame = plain((await mount(<ReviewApp outcome={cleanOutcome} width={140} />)).lastFrame());
    expect(frame).toContain('No findings: nothing to review.');
    expect(frame).toContain('patch 1/2: mm/demo: take the table lock before the store — 0 scenario run(s), 1 hunk(s) not placed');
  });

  it('takes no keys and shows no key help when not interactive', async () => {
    const { lastFrame, stdin } = await mount(<ReviewApp outcome={seriesOutcome} interactive={false} />);
    await press(stdin, 'j');
    const frame = plain(lastFrame());
    expect(listRows(frame)[0]!.startsWith('›')).toBe(true);
    expect(frame).not.toContain('q: quit');
  });
});
