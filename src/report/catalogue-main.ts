/**
 * `npm run docs:rules`: regenerate docs/rules.md from `allRules` in rules/index.ts. npm runs it from
 * the project root, on the compiled dist/ (the script builds first).
 */
import { writeCatalogue } from './catalogue-write.js';

process.stdout.write(`wrote ${await writeCatalogue(process.cwd())}\n`);
