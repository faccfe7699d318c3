/**
 * Opt-in: `MMREVIEW_LINUX_TREE=/path/to/linux npx vitest run test/extract/linux-tree.test.ts`.
 * Locates every function of the mm files the model covers in a real kernel tree and, when the
 * lowering exists, lowers them and prints what lowered, the most frequent opaque calls and the
 * constructs that broke. Skips cleanly without a tree.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { touchedFunctions } from '../../src/extract/functions.js';
import { locateImages } from '../../src/extract/image-pair.js';
import { locateFunctions, locateSource } from '../../src/extract/locate.js';
import { renderSurvey, surveyFile, type FileSurvey, type LowerFn } from './linux-survey.js';
import { simplePatch } from './simple-patch.js';

const TREE = process.env.MMREVIEW_LINUX_TREE;
const FILES = ['mm/khugepaged.c', 'mm/memory.c', 'mm/hugetlb.c', 'mm/madvise.c', 'mm/filemap.c', 'mm/mmap.c'];

async function lowering(): Promise<LowerFn | undefined> {
  const mod = (await import('../../src/extract/lower/index.js').catch(() => undefined)) as { lowerFunctions?: LowerFn } | undefined;
  return typeof mod?.lowerFunctions === 'function' ? mod.lowerFunctions : undefined;
}

describe.skipIf(!TREE)(`real kernel tree ${TREE ?? ''}`, () => {
  it('locates (and lowers) every function of the modelled mm files', async () => {
    const lower = await lowering();
    const surveys: FileSurvey[] = [];
    for (const file of FILES) {
      const path = join(TREE!, file);
      if (!existsSync(path)) continue;
      surveys.push(surveyFile(file, readFileSync(path, 'utf8'), lower));
    }
    console.log(renderSurvey(surveys));
    expect(surveys.length).toBeGreaterThan(0);
    for (const s of surveys) {
      expect(s.located.length, s.file).toBeGreaterThan(0);
      // Every kernel-style function body (a `{` in column 0) lies inside a located definition.
      expect(s.unlocatedBraces, s.file).toEqual([]);
      if (s.lowering) expect(s.lowering.threw, s.file).toEqual([]);
    }
  });
});

/**
 * Edit every third function: one statement after the line holding its opening brace and one before
 * its closing brace (bottom-up keeps line numbers valid). Neighbouring edits share hunks.
 */
function synthetic(pre: string) {
  const lines = pre.split('\n');
  const defs = locateFunctions(pre).filter((s) => !s.declarationOnly && s.end - s.start > 3);
  const chosen = defs.filter((_, i) => i % 3 === 0);
  for (const s of [...chosen].sort((a, b) => b.end - a.end)) {
    const open = lines.slice(s.start - 1, s.end).findIndex((l) => l.startsWith('{')) + s.start;
    lines.splice(s.end - 1, 0, '\tbarrier();');
    if (open > s.start - 1 && open < s.end - 1) lines.splice(open, 0, '\tcpu_relax();');
  }
  return { post: lines.join('\n'), expected: chosen.map((s) => s.name).sort() };
}

/** `git diff` of pre → post with the kernel's `*.[ch] diff=cpp` attribute, for real @@ function contexts. */
function gitDiff(file: string, pre: string, post: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmreview-linux-'));
  const run = (args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
  try {
    mkdirSync(join(dir, dirname(file)), { recursive: true });
    writeFileSync(join(dir, '.gitattributes'), '*.[ch] diff=cpp\n');
    writeFileSync(join(dir, file), pre);
    run(['init', '-q']);
    run(['add', '-A']);
    run(['-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-q', '-m', 'pre']);
    writeFileSync(join(dir, file), post);
    return run(['diff']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!TREE)(`touched functions in real kernel files ${TREE ?? ''}`, () => {
  it('locates post-images incrementally exactly as a fresh parse does', () => {
    for (const file of FILES) {
      const path = join(TREE!, file);
      if (!existsSync(path)) continue;
      const pre = readFileSync(path, 'utf8') + '\n/* incremental check */';
      const { post } = synthetic(pre);
      const patch = simplePatch(createTwoFilesPatch(`a/${file}`, `b/${file}`, pre, post, '', '', { context: 3 }));
      const edits = patch.files[0].hunks.map((h) => ({ preRow: h.oldStart - 1, preRows: h.oldLines, postRow: h.newStart - 1, postRows: h.newLines }));
      const got = locateImages(pre, post, edits);
      expect(got.incremental, file).toBe(true);
      expect(got.post?.spans, file).toEqual(locateSource(post).spans);
    }
  });

  it('finds exactly the functions a synthetic patch changes, from the fragments and @@ contexts', () => {
    for (const file of FILES) {
      const path = join(TREE!, file);
      if (!existsSync(path)) continue;
      const pre = readFileSync(path, 'utf8');
      const { post, expected } = synthetic(pre);
      const found = touchedFunctions(simplePatch(gitDiff(file, pre, post)));
      expect(found.map((f) => f.name).sort(), file).toEqual(expected);
    }
  });

  it('still finds them when the patch lost its indentation (archive damage, repaired)', () => {
    for (const file of FILES) {
      const path = join(TREE!, file);
      if (!existsSync(path)) continue;
      const pre = readFileSync(path, 'utf8');
      const { post, expected } = synthetic(pre);
      const patch = simplePatch(gitDiff(file, pre, post));
      for (const h of patch.files[0].hunks) for (const l of h.lines) l.text = l.text.trim().replace(/\s+/g, ' ');
      patch.repaired = true;
      expect(touchedFunctions(patch).map((f) => f.name).sort(), file).toEqual(expected);
    }
  });

  it('finds exactly the functions a synthetic patch changes, with the images', () => {
    for (const file of FILES) {
      const path = join(TREE!, file);
      if (!existsSync(path)) continue;
      const pre = readFileSync(path, 'utf8');
      const { post, expected } = synthetic(pre);
      const chosen = expected.map((name) => ({ name }));
      const patch = simplePatch(createTwoFilesPatch(`a/${file}`, `b/${file}`, pre, post, '', '', { context: 3 }));
      const images = [{ path: file, pre: { path: file, text: pre, source: 'tree' }, post: { path: file, text: post, source: 'edited' } }];
      const found = touchedFunctions(patch, images);
      expect(found.map((f) => f.name).sort(), file).toEqual(chosen.map((s) => s.name).sort());
      expect(found.every((f) => f.kind === 'changed' && f.addedLines.length >= 1 && f.removedLines.length === 0), file).toBe(true);
    }
  });
});
