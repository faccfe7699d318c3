/** `mmreview hook install | uninstall | status | run | b4`. */
import { appendFileSync } from 'node:fs';
import { realEngine } from '../hook/engine-bridge.js';
import { b4ConfigLines, b4Settings, describeB4, writeB4Settings } from '../hook/b4.js';
import { describeStatus, hookStatus, installHook, uninstallHook } from '../hook/install.js';
import { HookError, repoTop } from '../hook/paths.js';
import { runHook } from '../hook/run.js';

function print(lines: string[]): void {
  if (lines.length) process.stdout.write(lines.join('\n') + '\n');
}

async function b4Command(opts: Record<string, unknown>): Promise<number> {
  const settings = b4Settings();
  if (!opts.write) {
    print(['# b4 check commands for mmreview (add them with `mmreview hook b4 --write`):', ...b4ConfigLines(settings)]);
    return 0;
  }
  print(await writeB4Settings(repoTop(process.cwd()), settings));
  return 0;
}

async function runSub(sub: string, args: string[], opts: Record<string, unknown>): Promise<number> {
  const cwd = process.cwd();
  switch (sub) {
    case 'install':
      print(installHook(cwd));
      return 0;
    case 'uninstall':
      print(uninstallHook(cwd));
      return 0;
    case 'status':
      print([...describeStatus(hookStatus(cwd)), ...describeB4(cwd)]);
      return 0;
    case 'run': {
      const result = await runHook(args, { env: process.env, cwd, engine: realEngine() });
      process.stderr.write(result.stderr);
      const log = process.env.MMREVIEW_HOOK_LOG;
      if (log) appendFileSync(log, `${args[0] ?? '-'}: ${result.decision}\n`);
      return result.code;
    }
    case 'b4':
      return b4Command(opts);
    default:
      process.stderr.write(`mmreview hook: unknown subcommand ${sub}\n`);
      return 2;
  }
}

export async function hookCommand(sub: string, args: string[], opts: Record<string, unknown>): Promise<number> {
  try {
    return await runSub(sub, args, opts);
  } catch (err) {
    if (!(err instanceof HookError)) throw err;
    process.stderr.write(`mmreview hook ${sub}: ${err.message}\n`);
    return 2;
  }
}
