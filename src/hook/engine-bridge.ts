/**
 * How the hook reaches intake and the engine. Kept behind an interface so the hook's series logic
 * is tested on its own, and loaded lazily so `mmreview hook status` never loads the model.
 */
import { existsSync, statSync } from 'node:fs';
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
 * The repository is the tree to take pre-images from when it is a kernel tree (has mm/), the same
 * rule as `mmreview check` without --tree; otherwise the engine places the hunks on its reference.
 */
export function treeFor(top: string): string | undefined {
  const mm = join(top, 'mm');
  return existsSync(mm) && statSync(mm).isDirectory() ? top : undefined;
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
      const tree = treeFor(cwd);
      return checkPatchSet(set, tree ? { cwd, tree } : { cwd });
    },
  };
}
