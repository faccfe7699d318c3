/**
 * Command-line wiring (commander). The only layer that touches argv, stdout, stderr and the TTY.
 * Each subcommand lives in its own file and is imported lazily when it runs.
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { exitCodeForError, formatError } from './errors.js';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
  return pkg.version as string;
}

/** A reader that stops early (`| head`) closes stdout: stop quietly, as other Unix tools do. */
function exitQuietlyOnClosedStdout(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

export async function run(argv: string[]): Promise<number> {
  exitQuietlyOnClosedStdout();
  const program = new Command('mmreview')
    .description('Review Linux mm patches by re-running race scenarios of a built-in kernel model')
    .version(packageVersion(), '-V, --version')
    .option('--debug', 'print stack traces on errors')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  let code = 0;
  const setCode = (c: number) => (code = c);
  (await import('./commands.js')).registerCommands(program, setCode);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    process.stderr.write(formatError(err, argv.includes('--debug')) + '\n');
    return exitCodeForError(err);
  }
  return code;
}
