import { readFileSync, readdirSync } from 'node:fs';
import { parseDiff } from '/work/main/test/engine/diff-helper.js';
import { chooseReference } from '/work/main/src/engine/place.js';
const root = '/work/main/src/reference';
const variants = readdirSync(root).sort().map((name) => ({ name, files: readdirSync(`${root}/${name}/mm`).map((f) => ({ path: `mm/${f}`, text: readFileSync(`${root}/${name}/mm/${f}`, 'utf8') })) }));
const patch = parseDiff(readFileSync(process.argv[2], 'utf8'));
const t0 = Date.now();
const c = chooseReference(variants, patch);
console.log(Date.now() - t0, 'ms', c.variant, JSON.stringify(c.tried));
for (const h of c.result.hunks) console.log(JSON.stringify(h));
if (process.argv[3]) { const f = c.result.files.find((f) => f.path === 'mm/khugepaged.c')!; console.log(f.text.split('\n').slice(+process.argv[3], +process.argv[4]).join('\n')); }
