/**
 * How the hook reaches intake and the engine. Kept behind an interface so the hook's series logic
 * is tested on its own, and loaded lazily so `mmreview hook status` never loads the model.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Outcome } from '../engine/types.js';
import type { PatchSet } from '../input/types.js';

export interface HookEngine {
  /** Intake only: the patches in these mail files (throws InputError on malformed input). */
  read(files: string[], cwd: string): Promise<PatchSet>;
  /** Intake + model run, as `mmreview check` does it. */
  check(set: PatchSet, cwd: string): Promise<Outcome>;
}

/**
 * The repository is the tree to take pre-images from when it holds every file the patches modify
 * (a kernel tree); otherwise the engine places the hunks on its built-in reference.
 */
export function treeFor(set: PatchSet, top: string): string | undefined {
  const old = set.patches.flatMap((p) => p.files.map((f) => f.oldPath)).filter((p): p is string => p !== null);
  return old.length > 0 && old.every((p) => existsSync(join(top, p))) ? top : undefined;
}

/** The real pipeline: src/input readPatchSet + src/engine checkPatchSet. */
export function realEngine(): HookEngine {
  return {
    async read(files, cwd) {
      const { readPatchSet } = await import('../input/index.js');
      return readPatchSet(files, { cwd });
    },
    async check(set, cwd) {
      const { checkPatchSet } = await import('../engine/index.js');
      const tree = treeFor(set, cwd);
      return checkPatchSet(set, tree ? { cwd, tree } : { cwd });
    },
  };
}
