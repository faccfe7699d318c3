/**
 * `npm run docs:rules`: regenerate docs/rules.md from `allRules` in rules/index.ts. npm runs it from
 * the project root, on the compiled dist/ (the script builds first). Lives in src/cli because it
 * loads the rule set and prints; the rendering is src/report/catalogue.ts.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Rule } from '../engine/rule.js';
import { CATALOGUE_PATH, renderCatalogue } from '../report/catalogue.js';

/** The registered rules, or [] while rules/index.ts does not exist. */
export async function loadAllRules(): Promise<Rule[]> {
  // Computed specifier: this file must compile in a tree where the rule index is not written yet.
  const specifier: string = ['..', '..', 'rules', 'index.js'].join('/');
  try {
    return ((await import(specifier)) as { allRules?: Rule[] }).allRules ?? [];
  } catch (err) {
    const missing = (err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes('rules/index');
    if (missing) return [];
    throw err;
  }
}

export async function writeCatalogue(root: string): Promise<string> {
  const path = join(root, CATALOGUE_PATH);
  writeFileSync(path, renderCatalogue(await loadAllRules()));
  return path;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`wrote ${await writeCatalogue(process.cwd())}\n`);
}
