/** The frame stays within the terminal's rows; a long trace shows its end and scrolls with u/d. */
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { screenLayout, tailWindow } from '../../src/tui/budget.js';
import { ReviewApp } from '../../src/tui/index.js';
import { longFinding, longOutcome, manyFindings, regression } from './fixtures.js';

const plain = (s: string | undefined) => (s ?? '').replace(/\u001B\[[0-9;]*m/g, '');
const tick = () => new Promise((r) => setTimeout(r, 20));

afterEach(() => cleanup());

describe('fitting the terminal', () => {
  it('windows a long list of lines at its end, scrolled back within bounds', () => {
    expect(tailWindow(10, 20, 0)).toEqual({ start: 0, end: 10, maxBack: 0 });
    expect(tailWindow(40, 10, 0)).toEqual({ start: 32, end: 40, maxBack: 32 });
    expect(tailWindow(40, 10, 5)).toEqual({ start: 27, end: 35, maxBack: 32 });
    expect(tailWindow(40, 10, 99)).toEqual({ start: 0, end: 8, maxBack: 32 });
  });

  it('gives hunk and trace all they need when the screen is tall enough', () => {
    const at = { count: 9, selected: 0, interactive: true };
    expect(screenLayout(regression, at, 8, { rows: 200, width: 100 }, false)).toEqual({ listRows: 8, budget: { hunk: 7, trace: 4, dense: false } });
    const tight = screenLayout(longFinding(), at, 8, { rows: 40, width: 100 }, false);
    expect(tight.listRows).toBe(8);
    expect(tight.budget.hunk).toBeLessThan(7);
    expect(tight.budget.trace).toBeLessThan(40);
  });

  it('goes dense and shrinks the list on a short screen', () => {
    const at = { count: 9, selected: 0, interactive: true };
    const short = screenLayout(longFinding(), at, 8, { rows: 24, width: 80 }, false);
    expect(short.budget).toMatchObject({ hunk: 3, trace: 4, dense: true });
    expect(short.listRows).toBeLessThan(8);
    expect(short.listRows).toBeGreaterThanOrEqual(2);
  });

  // Details mode (enter) adds the model state and the replay command: it fits from 30 rows on.
  for (const [rows, keys] of [[24, ['']], [30, ['', '\r']], [50, ['', '\r']]] as const) {
    it(`keeps the frame within ${rows} rows, the list and the failing step in view`, async () => {
      const { lastFrame, stdin } = render(<ReviewApp outcome={longOutcome} height={rows} />);
      await tick();
      for (const key of keys) {
        if (key) stdin.write(key);
        await tick();
        const frame = plain(lastFrame());
        expect(frame.split('\n').length, frame).toBeLessThan(rows);
        expect(frame).toContain('regression   demo-lock-order');
        expect(frame).toContain('step_40(x)');
        expect(frame).toContain('> +         new_call();');
        expect(frame).toContain('wait-for cycle (deadlock):');
      }
    });
  }

  it('fits 80x24 with a long list by showing fewer list rows', async () => {
    const outcome = { ...longOutcome, patches: [{ ...longOutcome.patches[0]!, findings: [longFinding(), ...manyFindings(8).patches[0]!.findings] }] };
    const { lastFrame } = render(<ReviewApp outcome={outcome} height={24} width={80} />);
    await tick();
    const frame = plain(lastFrame());
    expect(frame.split('\n').length, frame).toBeLessThan(24);
    expect(frame).toMatch(/^mmreview review  9 finding\(s\)/);
    expect(frame).toMatch(/↓ \d more/);
    expect(frame).toContain('step_40(x)');
  });

  it('scrolls the trace up with u and back down with d, not past either end', async () => {
    const { lastFrame, stdin } = render(<ReviewApp outcome={longOutcome} height={30} />);
    await tick();
    expect(plain(lastFrame())).toMatch(/⋮ \d+ earlier line\(s\)/);
    expect(plain(lastFrame())).toContain('u/d: scroll trace');
    for (let i = 0; i < 20; i++) stdin.write('u');
    await tick();
    let frame = plain(lastFrame());
    expect(frame).toContain('step_1(x)');
    expect(frame).not.toContain('step_40(x)');
    expect(frame).toMatch(/⋮ \d+ later line\(s\)/);
    stdin.write('d');
    await tick();
    expect(plain(lastFrame())).not.toContain('step_1(x) ');
    for (let i = 0; i < 20; i++) stdin.write('d');
    await tick();
    frame = plain(lastFrame());
    expect(frame).toContain('step_40(x)');
    expect(frame).not.toMatch(/later line/);
  });
});
