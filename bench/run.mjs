// Benchmark: the collapse-vs-mincore scenario of ../shared/bench/collapse-vs-mincore, expressed in our
// IR (src/model/bench-collapse.ts), compiled by our compiler and explored by our explorer, side by side
// with spin (when installed) on the coarse Promela model and with the naive JS baseline.
// Needs a build first (`npm run build`; `npm ci` runs it). One JSON line per run.
// Usage: node bench/run.mjs [--quick] [--no-spin] [--no-js] [--dfs]
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist', 'src');
if (!existsSync(join(dist, 'explore', 'index.js'))) {
  console.error('bench: dist/ is missing; run `npm run build` first');
  process.exit(2);
}
const { collapseVsMincore } = await import(join(dist, 'model', 'bench-collapse.js'));
const { compileModel } = await import(join(dist, 'model', 'compile.js'));
const { explore } = await import(join(dist, 'explore', 'index.js'));

const args = new Set(process.argv.slice(2));
const shared = join(root, '..', 'shared', 'bench', 'collapse-vs-mincore');
const pml = join(shared, 'collapse_vs_mincore_coarse.pml');
const baseline = join(shared, 'bfs_baseline.mjs');
const EXPECTED = { '8/6/A': 108160, '8/8/A': 570880, '8/10/A': 2836480 };

function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

function runOurs(n, nm, variant, mode) {
  const t0 = process.hrtime.bigint();
  const ts = compileModel(collapseVsMincore(n, nm, variant));
  const t1 = process.hrtime.bigint();
  const c1 = process.cpuUsage();
  const r = explore(ts, { mode, maxStates: 100_000_000, maxMillis: 600_000, stopAtFirst: variant === 'B' });
  const cpu = process.cpuUsage(c1);
  const t2 = process.hrtime.bigint();
  const seconds = Number(t2 - t1) / 1e9;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const v = r.verdicts[0];
  return {
    states: r.stats.states,
    transitions: r.stats.transitions,
    seconds: +seconds.toFixed(4),
    compile_seconds: +(Number(t1 - t0) / 1e9).toFixed(4),
    states_per_sec: Math.round(r.stats.states / seconds),
    cpu_seconds: +cpuSeconds.toFixed(4),
    states_per_cpu_sec: Math.round(r.stats.states / cpuSeconds),
    bytes_per_state: r.stats.bytesPerState,
    frontier_peak_bytes: r.stats.frontierPeakBytes,
    verdict: v.verdict.kind,
    trace_states: v.trace ? v.trace.steps.length + 1 : undefined,
    cycle: v.verdict.cycle?.map((e) => `${e.thread} ${e.how} on ${e.waitsFor} held by ${e.heldBy}`),
  };
}

function runSpin(n, nm, variant) {
  if (args.has('--no-spin') || !have('spin') || !have('gcc') || !existsSync(pml)) return null;
  const dir = mkdtempSync(join(tmpdir(), 'mmr-spin-'));
  try {
    copyFileSync(pml, join(dir, 'model.pml'));
    const defs = [`-DN=${n}`, `-DNM=${nm}`, ...(variant === 'B' ? ['-DBUGGY'] : [])];
    const c0 = Date.now();
    execFileSync('spin', ['-a', ...defs, 'model.pml'], { cwd: dir, stdio: 'pipe' });
    execFileSync('gcc', ['-O2', '-DSAFETY', '-o', 'pan', 'pan.c'], { cwd: dir, stdio: 'pipe' });
    const compile = (Date.now() - c0) / 1000;
    const w0 = process.hrtime.bigint();
    const timed = existsSync('/usr/bin/time');
    const res = timed
      ? spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', './pan', '-m100000'], { cwd: dir, encoding: 'utf8' })
      : spawnSync('./pan', ['-m100000'], { cwd: dir, encoding: 'utf8' });
    const wall = Number(process.hrtime.bigint() - w0) / 1e9;
    const out = res.stdout ?? '';
    const cpuLine = /cpu ([\d.]+) ([\d.]+)/.exec(res.stderr ?? '');
    const cpu = cpuLine ? Number(cpuLine[1]) + Number(cpuLine[2]) : NaN;
    const stored = Number(/([\d.e+]+) states, stored/.exec(out)?.[1] ?? NaN);
    const elapsed = Number(/elapsed time ([\d.e+-]+) seconds/.exec(out)?.[1] ?? NaN);
    const seconds = elapsed > 0 ? elapsed : wall;
    return {
      spin_seconds: +seconds.toFixed(4),
      spin_wall_seconds: +wall.toFixed(4),
      spin_compile_seconds: +compile.toFixed(2),
      spin_states: stored,
      spin_states_per_sec: Math.round(stored / seconds),
      spin_cpu_seconds: Number.isNaN(cpu) ? null : +cpu.toFixed(3),
      spin_states_per_cpu_sec: Number.isNaN(cpu) || cpu === 0 ? null : Math.round(stored / cpu),
      spin_errors: Number(/errors: (\d+)/.exec(out)?.[1] ?? NaN),
    };
  } catch (e) {
    return { spin_error: String(e.message ?? e).split('\n')[0] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runBaseline(n, nm, variant) {
  if (args.has('--no-js') || !existsSync(baseline)) return null;
  const res = spawnSync(process.execPath, [baseline, String(n), String(nm), variant, 'await'], { encoding: 'utf8' });
  try {
    const j = JSON.parse(res.stdout.trim().split('\n').pop());
    return { js_states: j.distinct_states, js_seconds: j.seconds, js_states_per_sec: j.states_per_sec };
  } catch {
    return null;
  }
}

const runs = args.has('--quick')
  ? [[8, 6, 'A'], [8, 1, 'B']]
  : [[8, 6, 'A'], [8, 8, 'A'], [8, 10, 'A'], [8, 1, 'B']];
const mode = args.has('--dfs') ? 'dfs' : 'bfs';
for (const [n, nm, variant] of runs) {
  const ours = runOurs(n, nm, variant, mode);
  const spin = runSpin(n, nm, variant);
  const js = runBaseline(n, nm, variant);
  const expected = EXPECTED[`${n}/${nm}/${variant}`];
  const line = {
    scenario: 'collapse-vs-mincore',
    N: n,
    NM: nm,
    variant,
    mode,
    states: ours.states,
    transitions: ours.transitions,
    seconds: ours.seconds,
    states_per_sec: ours.states_per_sec,
    bytes_per_state: ours.bytes_per_state,
    spin_seconds: spin?.spin_seconds ?? null,
    spin_states_per_sec: spin?.spin_states_per_sec ?? null,
    ratio_vs_spin: spin?.spin_states_per_sec ? +(ours.states_per_sec / spin.spin_states_per_sec).toFixed(3) : null,
    ratio_vs_spin_cpu: spin?.spin_states_per_cpu_sec ? +(ours.states_per_cpu_sec / spin.spin_states_per_cpu_sec).toFixed(3) : null,
    expected_states: expected ?? null,
    states_match: expected === undefined ? null : expected === ours.states,
    verdict: ours.verdict,
    trace_states: ours.trace_states ?? null,
    cycle: ours.cycle ?? null,
    cpu_seconds: ours.cpu_seconds,
    states_per_cpu_sec: ours.states_per_cpu_sec,
    compile_seconds: ours.compile_seconds,
    frontier_peak_bytes: ours.frontier_peak_bytes,
    ...(spin ?? {}),
    ...(js ?? {}),
    ratio_vs_js: js?.js_states_per_sec ? +(ours.states_per_sec / js.js_states_per_sec).toFixed(3) : null,
  };
  console.log(JSON.stringify(line));
}
