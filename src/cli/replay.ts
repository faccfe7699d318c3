/**
 * `mmreview replay <mmr1.scenario.program.schedule>`: rebuilds the model the string names (through the
 * resolver the engine registers), replays the schedule step by step and prints the trace.
 * Exit 0 when it replays; 2 when the string is malformed, the scenario or program is unknown, or the
 * schedule no longer runs on that program.
 */
import type { Trace } from '../explore/types.js';

export { setReplayResolver } from '../explore/registry.js';

async function resolverOrEngine() {
  const { getReplayResolver } = await import('../explore/registry.js');
  if (getReplayResolver()) return getReplayResolver();
  try {
    // The engine registers its resolver on demand (src/engine/replay-keys.ts).
    const engine: Record<string, unknown> = await import('../engine/replay-keys.js');
    if (typeof engine.registerReplay === 'function') {
      (engine.registerReplay as (cwd: string) => void)(process.cwd());
      for (let i = 0; i < 50 && !getReplayResolver(); i++) await new Promise((r) => setTimeout(r, 10));
    }
  } catch {
    // no engine: only a registered resolver can answer
  }
  return getReplayResolver();
}

export function formatTrace(trace: Trace): string[] {
  const lines: string[] = [];
  const width = Math.max(...trace.steps.map((s) => s.thread.length), 6);
  for (const s of trace.steps) {
    const at = `${s.loc.file}:${s.loc.line}`;
    lines.push(`${String(s.n).padStart(3)}. ${s.thread.padEnd(width)}  ${at}  ${s.api}  [${s.event}]`);
    if (s.choices?.length) lines.push(`     ${''.padEnd(width)}  choices: ${s.choices.join(', ')}`);
  }
  if (trace.state.length) {
    lines.push('', 'state after the last step:');
    for (const l of trace.state) lines.push(`  ${l}`);
  }
  return lines;
}

export async function replayCommand(replay: string): Promise<number> {
  const { parseReplayString, ScheduleError } = await import('../explore/schedule.js');
  let parts;
  try {
    parts = parseReplayString(replay);
  } catch (err) {
    process.stderr.write(`mmreview replay: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const resolve = await resolverOrEngine();
  let input;
  try {
    input = resolve ? await resolve(parts.scenarioId, parts.programKey) : undefined;
  } catch (err) {
    process.stderr.write(`mmreview replay: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  if (!input) {
    process.stderr.write(
      `mmreview replay: unknown scenario '${parts.scenarioId}' or program '${parts.programKey}' (not in this version of mmreview)\n`,
    );
    return 2;
  }
  const [{ compileModel }, { replaySchedule }] = await Promise.all([
    import('../model/compile.js'),
    import('../explore/replay.js'),
  ]);
  try {
    const trace = replaySchedule(compileModel(input), parts.schedule, parts.programKey);
    const header = [`replay ${replay.trim()}`, `scenario ${input.scenario.id}: ${input.scenario.title}`, `program ${input.program.origin}`, ''];
    process.stdout.write([...header, ...formatTrace(trace)].join('\n') + '\n');
    return 0;
  } catch (err) {
    if (!(err instanceof ScheduleError)) throw err;
    process.stderr.write(`mmreview replay: the schedule does not replay on this program: ${err.message}\n`);
    return 2;
  }
}
