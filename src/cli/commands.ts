/**
 * Registers every subcommand. Each command's module is imported only when that command runs.
 */
import type { Command } from 'commander';

export function registerCommands(program: Command, setCode: (code: number) => void): void {
  program
    .command('check')
    .description('check patches (mbox, mail, diff, git range, or - for stdin) against the model')
    .argument('[inputs...]', 'patch files, mbox files, git ranges or commits, or - for stdin')
    .option('--tree <dir>', 'kernel tree to take pre-images from (default: the current git work tree, if any)')
    .option('--no-tree', 'ignore the current directory even when it is a git work tree')
    .option('--format <format>', 'text | json | sarif | b4 | b4-review', 'text')
    .option('--functions', 'only list the touched C functions (patch → file → function → lines)')
    .option('--fail-on <level>', 'regression | warning | none', 'regression')
    .option('--demo', 'check the built-in demo patch (no kernel tree needed)')
    .option('--verbose', 'say which mails were taken as patches and why')
    .option('--no-cache', 'explore every scenario afresh (ignore and do not fill the result cache)')
    .action(async (inputs: string[], opts: Record<string, unknown>) => {
      const { checkCommand } = await import('./check.js');
      setCode(await checkCommand(inputs, opts));
    });
  program
    .command('functions')
    .description('list the C functions each patch touches')
    .argument('[inputs...]', 'patch files, mbox files, git ranges, or - for stdin')
    .option('--tree <dir>', 'kernel tree to take pre-images from')
    .option('--format <format>', 'text | json', 'text')
    .action(async (inputs: string[], opts: Record<string, unknown>) => {
      const { functionsCommand } = await import('./functions.js');
      setCode(await functionsCommand(inputs, opts));
    });
  program
    .command('review')
    .description('check patches like `check`, then walk through the findings in a terminal UI')
    .argument('<inputs...>', 'patch files, mbox files, git ranges or commits, or - for stdin')
    .option('--tree <dir>', 'kernel tree to take pre-images from (default: the current git work tree, if any)')
    .option('--no-tree', 'ignore the current directory even when it is a git work tree')
    .option('--details', 'start with details shown (full hunk, source locations, model state)')
    .action(async (inputs: string[], opts: Record<string, unknown>) => {
      const { reviewCommand } = await import('./review.js');
      setCode(await reviewCommand(inputs, opts));
    });
  program
    .command('replay')
    .description('reprint the exact interleaving encoded in a replay string')
    .argument('<replay>', 'the replay string printed with a finding')
    .action(async (replay: string) => {
      const { replayCommand } = await import('./replay.js');
      setCode(await replayCommand(replay));
    });
  program
    .command('cache')
    .description('the exploration result cache: warm (the built-in references), clear, path')
    .argument('<action>', 'warm | clear | path')
    .option('--quiet', 'print nothing on success')
    .action(async (action: string, opts: Record<string, unknown>) => {
      const { cacheCommand } = await import('./cache.js');
      setCode(await cacheCommand(action, opts));
    });
  const hook = program.command('hook').description('git sendemail-validate hook and b4 check commands');
  for (const sub of ['install', 'uninstall', 'status', 'run', 'b4'] as const) {
    hook
      .command(sub)
      .allowUnknownOption()
      .option('--write', 'with b4: set the check commands in the repository git config')
      .argument('[args...]')
      .action(async (args: string[], opts: Record<string, unknown>) => {
        const { hookCommand } = await import('./hook.js');
        setCode(await hookCommand(sub, args, opts));
      });
  }
}
