/**
 * Programs the collapse scenarios are validated on, built without the engine: a reference variant
 * (src/reference/<variant>, overlays inherit from their parent), optionally with one of our fixture
 * patches applied to its text, lowered with a scenario's assumptions.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lowerProgram } from '../../src/extract/lower/index.js';
import { readPatchSet } from '../../src/input/index.js';
import { applyFileHunks } from '../../src/input/apply.js';
import type { IrProgram } from '../../src/model/ir.js';
import type { Scenario } from '../../src/model/scenario.js';

export const root = resolve(__dirname, '../..');
const refRoot = join(root, 'src', 'reference');

export interface CFile {
  path: string;
  text: string;
}

function filesUnder(dir: string): CFile[] {
  const out: CFile[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const f = join(d, n);
      if (statSync(f).isDirectory()) walk(f);
      else if (/\.[ch]$/.test(n)) out.push({ path: f.slice(dir.length + 1), text: readFileSync(f, 'utf8') });
    }
  };
  walk(dir);
  return out;
}

/** A reference variant with inherited files: `v6.3-series12` = `v6.3` overlaid by its own files. */
export function referenceFiles(variant: string): CFile[] {
  const parent = variant.includes('-') ? variant.slice(0, variant.indexOf('-')) : undefined;
  const base = parent ? referenceFiles(parent) : [];
  const own = new Map(filesUnder(join(refRoot, variant)).map((f) => [f.path, f]));
  const merged = base.map((f) => own.get(f.path) ?? f);
  for (const f of own.values()) if (!base.some((b) => b.path === f.path)) merged.push(f);
  return merged.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** The variant's text with a fixture patch (a diff against that text) applied exactly. */
export async function patchedFiles(variant: string, fixture: string): Promise<CFile[]> {
  const files = referenceFiles(variant);
  const set = await readPatchSet([fixture], { cwd: root });
  for (const patch of set.patches)
    for (const fd of patch.files) {
      const path = fd.newPath ?? fd.oldPath ?? '';
      const k = files.findIndex((f) => f.path === path);
      if (k < 0) throw new Error(`${fixture}: ${path} is not in reference ${variant}`);
      const r = applyFileHunks(files[k].text, fd, { whitespaceInsensitive: false, maxFuzz: 0 });
      if (r.rejected.length) throw new Error(`${fixture}: hunks ${r.rejected.map((h) => h.hunk + 1).join(', ')} do not apply to ${variant}`);
      files[k] = { path, text: r.text };
    }
  return files;
}

export function lowerFor(files: CFile[], scenario: Scenario, origin: string): IrProgram {
  return lowerProgram(files, { origin, assume: scenario.assume, iterate: scenario.iterate });
}
