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

/** Every variant with its inherited files, sorted by name (so `v6.3` comes before `v6.3-series12`). */
export function loadReferenceVariants(root = join(packageRoot(), 'src', 'reference')): ReferenceVariant[] {
  const hit = loaded.get(root);
  if (hit) return hit;
  const names = readdirSync(root)
    .filter((n) => statSync(join(root, n)).isDirectory())
    .sort();
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
