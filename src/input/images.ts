/**
 * Pre- and post-images of every touched file, with a tree (issue 2 §3).
 * Pre-image, in order of preference: the post-image of an earlier patch of the series, the
 * `index <old>..` blob, `base-commit:path`, `HEAD:path`, the file in the work tree. Nothing from a
 * patch is executed; paths from a diff are only read (git object lookups and reads inside treeDir).
 */
import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import type { SourceImage } from '../extract/types.js';
import { applyFileHunks } from './apply.js';
import type { FileDiff, Patch, PatchSet } from './types.js';

export interface FileImages {
  path: string;
  pre: SourceImage | null;
  post: SourceImage | null;
  /** Largest fuzz factor a hunk needed (absent when every hunk applied exactly). */
  fuzz?: number;
  /** Lines were matched ignoring whitespace (repaired patches). */
  whitespaceInsensitive?: boolean;
  /** Why no images were made (binary file, missing pre-image). */
  skipped?: string;
}

export interface HunkFailure {
  patchId: string;
  file: string;
  /** 0-based hunk index in the file diff; -1 when the whole file could not be prepared. */
  hunk: number;
  expected: string[];
  found: string[];
  message: string;
}

export interface PatchImages {
  patchId: string;
  files: FileImages[];
  failures: HunkFailure[];
}

/** Largest fuzz factor tried before a hunk is reported as not applying. */
export const MAX_FUZZ = 2;

interface SeriesState {
  /** path → post-image text and which patch made it. */
  posts: Map<string, { text: string | null; patch: number }>;
}

export async function resolveImages(set: PatchSet, treeDir: string): Promise<PatchImages[]> {
  const git = await gitOf(treeDir);
  const state: SeriesState = { posts: new Map() };
  const out: PatchImages[] = [];
  for (const [k, patch] of set.patches.entries()) out.push(await imagesOfPatch(patch, k + 1, { git, treeDir, state }));
  return out;
}

interface Ctx {
  git: SimpleGit | undefined;
  treeDir: string;
  state: SeriesState;
}

async function gitOf(dir: string): Promise<SimpleGit | undefined> {
  try {
    const git = simpleGit({ baseDir: dir });
    return (await git.checkIsRepo()) ? git : undefined;
  } catch {
    return undefined;
  }
}

async function imagesOfPatch(patch: Patch, number: number, ctx: Ctx): Promise<PatchImages> {
  const result: PatchImages = { patchId: patch.id, files: [], failures: [] };
  for (const file of patch.files) {
    const path = file.newPath ?? file.oldPath ?? '';
    if (file.status === 'binary') {
      result.files.push({ path, pre: null, post: null, skipped: 'binary patch' });
      continue;
    }
    const pre = file.oldPath === null ? null : await preImage(file, file.oldPath, patch, ctx);
    if (file.oldPath !== null && pre === null) {
      result.files.push({ path, pre: null, post: null, skipped: 'pre-image not found' });
      result.failures.push(missingPre(patch, file, path));
      continue;
    }
    result.files.push(postImage(patch, file, path, pre, number, ctx, result.failures));
  }
  return result;
}

function postImage(
  patch: Patch,
  file: FileDiff,
  path: string,
  pre: SourceImage | null,
  number: number,
  ctx: Ctx,
  failures: HunkFailure[],
): FileImages {
  const images: FileImages = { path, pre, post: null };
  if (file.oldPath !== null && file.newPath !== file.oldPath) ctx.state.posts.set(file.oldPath, { text: null, patch: number });
  // Deletions are applied too: a removed line that is not in the pre-image is a stale patch.
  const applied = applyFileHunks(pre?.text ?? '', file, { whitespaceInsensitive: patch.repaired, maxFuzz: MAX_FUZZ });
  for (const r of applied.rejected) failures.push({ patchId: patch.id, file: path, ...r, message: `${path}: ${r.message}` });
  if (applied.fuzz > 0) images.fuzz = applied.fuzz;
  if (patch.repaired) images.whitespaceInsensitive = true;
  if (file.newPath === null) return images;
  images.post = { path, text: applied.text, source: `post-image of patch ${number}` };
  ctx.state.posts.set(file.newPath, { text: applied.text, patch: number });
  return images;
}

function missingPre(patch: Patch, file: FileDiff, path: string): HunkFailure {
  return {
    patchId: patch.id,
    file: path,
    hunk: -1,
    expected: file.hunks[0]?.lines.filter((l) => l.kind !== '+').map((l) => l.text) ?? [],
    found: [],
    message: `no pre-image for ${file.oldPath}: not produced by an earlier patch, no blob ${file.oldBlob ?? '(none)'}, not at base-commit or HEAD, not in the tree`,
  };
}

async function preImage(file: FileDiff, oldPath: string, patch: Patch, ctx: Ctx): Promise<SourceImage | null> {
  const earlier = ctx.state.posts.get(oldPath);
  if (earlier) return earlier.text === null ? null : { path: oldPath, text: earlier.text, source: `post-image of patch ${earlier.patch}` };
  if (ctx.git) {
    if (file.oldBlob && !/^0+$/.test(file.oldBlob)) {
      const text = await gitText(ctx.git, ['cat-file', 'blob', file.oldBlob]);
      if (text !== undefined) return { path: oldPath, text, source: `blob ${file.oldBlob}` };
    }
    if (patch.baseCommit) {
      const text = await gitText(ctx.git, ['cat-file', 'blob', `${patch.baseCommit}:${oldPath}`]);
      if (text !== undefined) return { path: oldPath, text, source: `base-commit ${patch.baseCommit}` };
    }
    const head = await gitText(ctx.git, ['cat-file', 'blob', `HEAD:${oldPath}`]);
    if (head !== undefined) return { path: oldPath, text: head, source: 'HEAD' };
  }
  const work = await workFile(ctx.treeDir, oldPath);
  return work === undefined ? null : { path: oldPath, text: work, source: 'working file' };
}

async function gitText(git: SimpleGit, args: string[]): Promise<string | undefined> {
  try {
    return await git.raw(args);
  } catch {
    return undefined;
  }
}

/** Reads treeDir/path only when it stays inside treeDir (diff names may contain `..`). */
async function workFile(treeDir: string, path: string): Promise<string | undefined> {
  const root = resolve(treeDir);
  const full = resolve(root, path);
  if (!full.startsWith(root + sep)) return undefined;
  return readFile(full, 'utf8').catch(() => undefined);
}
