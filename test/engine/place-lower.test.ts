/**
 * No-tree placement and lowering agree: the demo change written in other words and placed on the
 * reference lowers to the same IR as the reference with the demo patch applied exactly (line numbers
 * aside: placement drops added comments).
 */
import { describe, expect, it } from 'vitest';
import { applyToImages } from '../../src/engine/apply.js';
import { placeHunks } from '../../src/engine/place.js';
import { loadReferenceVariants } from '../../src/engine/reference.js';
import { lowerProgram } from '../../src/extract/lower/index.js';
import type { IrProgram } from '../../src/model/ir.js';
import { parseDiff } from './diff-helper.js';
import { fixture, fixturePatch, ROOT } from './helpers.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function withoutLines(p: IrProgram): string {
  return JSON.stringify([...p.functions.values()], (k, v) => (k === 'line' || k === 'range' ? undefined : v));
}

const lower = (files: { path: string; text: string }[]) =>
  lowerProgram(files, { origin: 'test', assume: { HPAGE_PMD_NR: 2, shmem_file: 1 }, only: ['collapse_file'] });

describe('placement then lowering', () => {
  const v63 = loadReferenceVariants().find((v) => v.name === 'v6.3')!;

  it('gives the IR of the exactly patched reference C', () => {
    const demoText = readFileSync(join(ROOT, 'fixtures', 'demo', 'demo.patch'), 'utf8');
    const demo = parseDiff(demoText.slice(demoText.indexOf('diff --git')).replace(/\n-- \n[\s\S]*$/, '\n'));
    const exact = applyToImages(v63.files, demo, () => true);
    expect(exact).toBeDefined();
    const placed = placeHunks(v63.files, fixturePatch('demo-other-words.patch'));
    expect(placed.allPlaced).toBe(true);
    const exactFiles = v63.files.map((f) => exact!.find((e) => e.path === f.path) ?? f);
    const a = lower(placed.files);
    const b = lower(exactFiles);
    expect(a.functions.get('collapse_file')!.body.some((i) => i.op === 'eff')).toBe(true);
    expect(withoutLines(a)).toBe(withoutLines(b));
    // and differs from the unpatched reference: the per-page store is gone
    expect(withoutLines(lower(v63.files))).not.toBe(withoutLines(a));
  });

  it('gives exactly the expected toy program', () => {
    const toy = loadReferenceVariants(join(ROOT, 'fixtures', 'engine', 'ref')).find((v) => v.name === 'toy')!;
    const placed = placeHunks(toy.files, fixturePatch('toy-move-store.patch'));
    const opts = { origin: 'test', assume: {} };
    expect(JSON.stringify([...lowerProgram(placed.files, opts).functions])).toBe(
      JSON.stringify([...lowerProgram([{ path: 'mm/toy.c', text: fixture('toy-move-store.expected.c') }], opts).functions]),
    );
  });
});
