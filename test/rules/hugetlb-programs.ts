/**
 * Programs the hugetlb scenarios are validated on, built without the engine: the standalone
 * reference variant src/reference/v6.1-rc2, optionally with one of our fixture patches applied
 * to its text exactly.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readPatchSet } from '../../src/input/index.js';
import { applyFileHunks } from '../../src/input/apply.js';
import { root, type CFile } from './programs.js';

export const HUGETLB_VARIANT = 'v6.1-rc2';

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
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** The v6.1-rc2 reference, with a fixture (a diff against its text, path relative to the root) applied. */
export async function hugetlbFiles(fixture?: string): Promise<CFile[]> {
  const files = filesUnder(join(root, 'src', 'reference', HUGETLB_VARIANT));
  if (!fixture) return files;
  const set = await readPatchSet([join(root, fixture)], { cwd: root });
  for (const patch of set.patches)
    for (const fd of patch.files) {
      const path = fd.newPath ?? fd.oldPath ?? '';
      const k = files.findIndex((f) => f.path === path);
      if (k < 0) throw new Error(`${fixture}: ${path} is not in reference ${HUGETLB_VARIANT}`);
      const r = applyFileHunks(files[k].text, fd, { whitespaceInsensitive: false, maxFuzz: 0 });
      if (r.rejected.length) throw new Error(`${fixture}: hunks ${r.rejected.map((h) => h.hunk + 1).join(', ')} do not apply`);
      files[k] = { path, text: r.text };
    }
  return files;
}
