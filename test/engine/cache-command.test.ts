/**
 * `mmreview cache path | clear | <other>`: where the caches are, clearing only the user's, and an
 * unknown action as an input error. (`warm` runs in every build; warmReferences has its own test.)
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cacheCommand } from '../../src/cli/cache.js';
import { InputError } from '../../src/input/types.js';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

function capture(): string[] {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out.push(String(s));
    return true;
  });
  return out;
}

describe('cacheCommand', () => {
  it('prints the user cache directory from MMREVIEW_CACHE_DIR and the package one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmr-cache-cmd-'));
    vi.stubEnv('MMREVIEW_CACHE_DIR', dir);
    const out = capture();
    expect(await cacheCommand('path', {})).toBe(0);
    expect(out.join('')).toContain(`user cache: ${dir}`);
    expect(out.join('')).toMatch(/built-in references: .*warm/);
  });

  it('clears the user cache directory and nothing else', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'mmr-cache-cmd-')), 'cache');
    mkdirSync(join(dir, 'ab'), { recursive: true });
    writeFileSync(join(dir, 'ab', 'abcd.json'), '{}');
    vi.stubEnv('MMREVIEW_CACHE_DIR', dir);
    capture();
    expect(await cacheCommand('clear', {})).toBe(0);
    expect(existsSync(dir)).toBe(false);
  });

  it('rejects an unknown action as an input error', async () => {
    await expect(cacheCommand('purge', {})).rejects.toBeInstanceOf(InputError);
  });
});
