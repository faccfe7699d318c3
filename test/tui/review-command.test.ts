/** `mmreview review` wiring: command registration, tree errors, and a non-interactive run on the demo patch. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerCommands } from '../../src/cli/commands.js';
import { reviewCommand } from '../../src/cli/review.js';
import { InputError } from '../../src/input/types.js';

const DEMO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'demo', 'demo.patch');
const plain = (s: string) => s.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');

function capture(stream: NodeJS.WriteStream): string[] {
  const out: string[] = [];
  vi.spyOn(stream, 'write').mockImplementation((s: string | Uint8Array) => {
    out.push(String(s));
    return true;
  });
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('mmreview review', () => {
  it('is registered with its inputs and tree options', () => {
    const program = new Command('mmreview');
    registerCommands(program, () => {});
    const review = program.commands.find((c) => c.name() === 'review');
    expect(review).toBeDefined();
    expect(review!.options.map((o) => o.long).sort()).toEqual(['--details', '--no-tree', '--tree']);
    expect(review!.registeredArguments.map((a) => [a.name(), a.required, a.variadic])).toEqual([['inputs', true, true]]);
  });

  it('rejects a tree that is not a directory as an input error', async () => {
    await expect(reviewCommand([DEMO], { tree: '/nonexistent/linux' })).rejects.toBeInstanceOf(InputError);
  });

  it('without a terminal shows the first finding once and exits 1 on a regression', async () => {
    const out = capture(process.stdout);
    const err = capture(process.stderr);
    const code = await reviewCommand([DEMO], { tree: false });
    const text = plain(out.join(''));
    expect(code).toBe(1);
    expect(err.join('')).toContain('not a terminal, showing the first finding only');
    expect(text).toMatch(/mmreview review {2}\d+ finding\(s\): [1-9]\d* regression, \d+ fixed, \d+ pre-existing {2}in 1 patch\(es\) of /);
    expect(text).toMatch(/^› {3}regression/m);
    expect(text).toContain('mm/khugepaged.c');
    expect(text).not.toContain('q: quit');
  });
});
