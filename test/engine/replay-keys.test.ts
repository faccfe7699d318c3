import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeProgramKey, decodeProgramKey } from '../../src/engine/deps.js';
import { parseProgramKey, resolveReplay } from '../../src/engine/replay-keys.js';
import { readPatchSet } from '../../src/input/index.js';
import { fakeDeps, toyScenario } from './fakes.js';
import { FIX } from './helpers.js';

const calls = (p: { functions: Map<string, { body: { op: string; name?: string }[] }> }, fn: string) =>
  (p.functions.get(fn)?.body ?? []).flatMap((i) => (i.op === 'opaque' && i.name ? [i.name] : []));

describe('program keys', () => {
  it('escape dots for replay strings and come back unchanged', () => {
    const key = 'patch:../seeds/001.txt#abc-h2@/src/linux-6.3';
    expect(encodeProgramKey(key)).not.toContain('.');
    expect(decodeProgramKey(encodeProgramKey(key))).toBe(key);
    expect(parseProgramKey(encodeProgramKey(key))).toEqual({ kind: 'patch', input: '../seeds/001.txt', patchId: 'abc', hunk: 2, hunkMode: 'without', tree: '/src/linux-6.3' });
    expect(parseProgramKey('patch:a#abc-o1')).toMatchObject({ hunk: 1, hunkMode: 'alone' });
    expect(parseProgramKey('ref:v6%2E3')).toEqual({ kind: 'ref', variant: 'v6.3' });
    expect(() => parseProgramKey('nonsense')).toThrow(/unknown program key/);
  });

  it('rebuild the reference, the patched program and the program without a hunk', async () => {
    const input = join(FIX, 'toy-two-hunks.patch');
    const [patch] = (await readPatchSet([input], { cwd: FIX })).patches;
    const deps = fakeDeps();
    const ref = await resolveReplay('ref:toy', toyScenario.id, FIX, deps);
    expect(calls(ref.program, 'toy_collapse')).toContain('xa_store');
    const after = await resolveReplay(encodeProgramKey(`patch:${input}#${patch.id}`), toyScenario.id, FIX, deps);
    expect(calls(after.program, 'toy_collapse')).not.toContain('xa_store');
    expect(calls(after.program, 'toy_collapse')).toContain('toy_store_range');
    const without = await resolveReplay(encodeProgramKey(`patch:${input}#${patch.id}-h1`), toyScenario.id, FIX, deps);
    expect(calls(without.program, 'toy_collapse')).toContain('xa_store');
    expect(calls(without.program, 'toy_reader')).toContain('toy_note_lookup');
    expect(without.scenario.id).toBe(toyScenario.id);
  });

  it('say clearly when the scenario or the patch is gone', async () => {
    await expect(resolveReplay('ref:toy', 'no-such-scenario', FIX, fakeDeps())).rejects.toThrow(/no scenario/);
    await expect(resolveReplay(encodeProgramKey(`patch:${join(FIX, 'toy-two-hunks.patch')}#ffff`), toyScenario.id, FIX, fakeDeps())).rejects.toThrow(/no longer in/);
  });
});
