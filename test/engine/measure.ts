/**
 * Figures for the engine note (not a test): per scenario run, states, transitions and time; lowering
 * time; the whole check's wall time. Run: npx vite-node test/engine/measure.ts <input...>
 */
import { checkPatchSet } from '../../src/engine/index.js';
import { realDeps } from '../../src/engine/deps.js';
import { readPatchSet } from '../../src/input/index.js';

const t0 = performance.now();
const set = await readPatchSet(process.argv.slice(2), { cwd: process.cwd() });
const deps = await realDeps();
const rows: string[] = [];
let lowerMs = 0;
const { lower, explore } = deps;
deps.lower = (files, req) => {
  const t = performance.now();
  const p = lower(files, req);
  lowerMs += performance.now() - t;
  return p;
};
deps.explore = async (req) => {
  const t = performance.now();
  const r = await explore(req);
  const kinds = r.verdicts.map((v) => v.verdict.kind).join('+');
  rows.push(`${req.scenario.id.padEnd(30)} ${req.programKey.replace(/.*#\w+/, 'patch').padEnd(22)} ${String(r.stats.states).padStart(7)} states ${String(r.stats.transitions).padStart(7)} transitions ${(performance.now() - t).toFixed(0).padStart(5)} ms  ${kinds}`);
  return r;
};
const out = await checkPatchSet(set, { cwd: process.cwd() }, deps);
const total = performance.now() - t0;
console.log(rows.join('\n'));
console.log(`lowering ${lowerMs.toFixed(0)} ms; whole check (read + place + lower + explore) ${total.toFixed(0)} ms; findings ${out.patches.map((p) => p.findings.length).join(',')}`);
