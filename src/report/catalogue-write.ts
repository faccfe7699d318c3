/** Loading the registered rules and writing docs/rules.md (entry point: catalogue-main.ts). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Rule } from '../engine/rule.js';
import { CATALOGUE_PATH, renderCatalogue } from './catalogue.js';

/**
 * The registered rules, or [] while rules/index.ts does not exist yet. The specifier is computed so
 * this module compiles before the rule index is written.
 */
export async function loadAllRules(): Promise<Rule[]> {
  const specifier: string = '../../rules/index.js';
  try {
    const mod = (await import(specifier)) as { allRules?: Rule[] };
    return mod.allRules ?? [];
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes('rules/index')) return [];
    throw err;
  }
}

export async function writeCatalogue(root: string): Promise<string> {
  const path = join(root, CATALOGUE_PATH);
  writeFileSync(path, renderCatalogue(await loadAllRules()));
  return path;
}
