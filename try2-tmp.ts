import { readFileSync } from 'node:fs';
import { toLines } from './src/input/lines.js';
import { textAtDepth } from './src/input/quoted.js';
import { parseDiff } from './src/input/diff.js';
const lines = toLines(readFileSync('../shared/seeds/000_48df82138c7e22bf.txt', 'utf8'));
const s = textAtDepth(lines, Number(process.argv[2]));
const d = parseDiff(s)!;
console.log(d.start, d.end, d.problems, s.slice(d.start).map(l => l.line + ': ' + l.text).join('\n'));
for (const f of d.files) for (const h of f.hunks) console.log(h.lines.map(l => l.kind + '|' + l.text + ' @' + l.inputLine).join('\n'));
