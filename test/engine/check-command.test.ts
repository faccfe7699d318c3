import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkCommand, detectTree } from '../../src/cli/check.js';
import { InputError } from '../../src/input/types.js';

function capture(): string[] {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out.push(String(s));
    return true;
  });
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('detectTree', () => {
  it('finds the top of a git work tree that holds mm/, from a subdirectory', () => {
    const top = mkdtempSync(join(tmpdir(), 'mmr-tree-'));
    mkdirSync(join(top, '.git'));
    mkdirSync(join(top, 'mm', 'sub'), { recursive: true });
    expect(detectTree(join(top, 'mm', 'sub'))).toBe(top);
  });
  it('ignores a git work tree without mm/', () => {
    const top = mkdtempSync(join(tmpdir(), 'mmr-notree-'));
    mkdirSync(join(top, '.git'));
    expect(detectTree(top)).toBeUndefined();
  });
});

describe('checkCommand', () => {
  it('rejects an unknown format, a missing tree and inputs with --demo as input errors', async () => {
    await expect(checkCommand(['x.patch'], { format: 'xml' })).rejects.toBeInstanceOf(InputError);
    await expect(checkCommand(['x.patch'], { tree: '/nonexistent/linux' })).rejects.toThrow(/not a directory/);
    await expect(checkCommand(['x.patch'], { demo: true })).rejects.toThrow(/takes no inputs/);
  });

  it('checks the built-in demo patch without a tree and says so', async () => {
    const out = capture();
    const code = await checkCommand([], { demo: true, format: 'json', failOn: 'regression' });
    const json = JSON.parse(out.join(''));
    expect(json).toMatchObject({ tool: 'mmreview', version: 1 });
    expect(json.patches).toHaveLength(1);
    expect(json.patches[0].base).toMatch(/^reference v6\.3.* \(no tree; 1 of 1 hunks? placed/);
    expect(json.notes[0]).toMatch(/^no tree \(--demo\)/);
    expect(json.patches[0].runs.length).toBeGreaterThan(0);
    expect([0, 1]).toContain(code);
  });

  it('lists the touched functions with --functions', async () => {
    const out = capture();
    expect(await checkCommand([], { demo: true, functions: true, format: 'json' })).toBe(0);
    const json = JSON.parse(out.join(''));
    expect(JSON.stringify(json)).toContain('collapse_file');
  });
});
