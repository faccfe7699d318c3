/** Shared helpers for the engine tests: fixture reading and the toy reference variants. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadReferenceVariants } from '../../src/engine/reference.js';
import { parseDiff } from './diff-helper.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const FIX = join(ROOT, 'fixtures', 'engine');

export function fixture(name: string): string {
  return readFileSync(join(FIX, name), 'utf8');
}

export function fixturePatch(name: string, id = name) {
  return parseDiff(fixture(name), id, name);
}

export function toyVariants() {
  return loadReferenceVariants(join(FIX, 'ref'));
}

export function toyVariant(name: string) {
  const v = toyVariants().find((x) => x.name === name);
  if (!v) throw new Error(`no toy variant ${name}`);
  return v;
}
