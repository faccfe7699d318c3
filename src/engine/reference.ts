/**
 * The built-in reference kernel variants (src/reference/<variant>/...). A variant named `A-B` is an
 * overlay: it holds only the files that differ from variant `A` and inherits the rest.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReferenceVariant, SourceFile } from './place.js';

/** The package root: the nearest directory above this module holding package.json and src/reference. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'reference'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the mmreview package root (src/reference)');
    dir = up;
  }
}

function listFiles(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(root, full));
    else if (/\.[ch]$/.test(name)) out.push(relative(root, full).split('\\').join('/'));
  }
  return out;
}

function parentOf(name: string, names: string[]): string | undefined {
  return names.filter((n) => n !== name && name.startsWith(`${n}-`)).sort((a, b) => b.length - a.length)[0];
}

function readVariant(root: string, name: string): SourceFile[] {
  const dir = join(root, name);
  return listFiles(dir).map((path) => ({ path, text: readFileSync(join(dir, path), 'utf8') }));
}

const loaded = new Map<string, ReferenceVariant[]>();

/** `v6.3` → [6, 3, ∞]; `v6.1-rc2` → [6, 1, 2]: release candidates sort below their release. */
function versionOf(name: string): number[] {
  const m = /^v(\d+)\.(\d+)(?:-rc(\d+))?/.exec(name);
  return m ? [Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : Infinity] : [0, 0, 0];
}

/**
 * Newest kernel first, each standalone variant before its overlays (`v6.3`, `v6.3-series12`,
 * `v6.1-rc2`): placement ties go to the first listed, and tree mode fills in from the newest.
 */
export function variantOrder(a: string, b: string): number {
  const va = versionOf(a);
  const vb = versionOf(b);
  for (let i = 0; i < 3; i++) if (va[i] !== vb[i]) return vb[i] - va[i];
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The reference under a kernel tree (for the functions the tree lacks): every standalone variant's
 * files, newest variant first. Lowering takes the first definition of each function, so a function
 * comes from the newest variant that has it, even when two variants hold files of the same path
 * (each path of a variant models only some of the real file's functions).
 */
export function treeReference(variants: ReferenceVariant[]): ReferenceVariant {
  const names = variants.map((v) => v.name);
  const standalone = variants.filter((v) => !parentOf(v.name, names));
  return { name: standalone.map((v) => v.name).join(' + '), files: standalone.flatMap((v) => v.files) };
}

/** Every variant with its inherited files, in variantOrder. */
export function loadReferenceVariants(root = join(packageRoot(), 'src', 'reference')): ReferenceVariant[] {
  const hit = loaded.get(root);
  if (hit) return hit;
  const names = readdirSync(root)
    .filter((n) => statSync(join(root, n)).isDirectory())
    .sort(variantOrder);
  const own = new Map(names.map((n) => [n, readVariant(root, n)]));
  const resolve = (name: string): SourceFile[] => {
    const parent = parentOf(name, names);
    const mine = own.get(name)!;
    if (!parent) return mine;
    const byPath = new Map(resolve(parent).map((f) => [f.path, f]));
    for (const f of mine) byPath.set(f.path, f);
    return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  };
  const variants = names.map((name) => ({ name, files: resolve(name) }));
  loaded.set(root, variants);
  return variants;
}
