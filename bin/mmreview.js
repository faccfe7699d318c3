#!/usr/bin/env node
// Entry point. The TypeScript sources are compiled to dist/ by `npm ci` (the prepare script).
// Heavy modules (tree-sitter, the model, Ink) are loaded lazily by the commands that need them,
// so `--version` and `--help` stay fast.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('mmreview: not built yet; run `npm ci` (or `npm run build`) in the project directory\n');
  process.exit(2);
}
const { run } = await import(main.href);
process.exitCode = await run(process.argv.slice(2));
