/** The real mails in ../shared/seeds (skipped when that directory is absent). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPatchSet } from '../../src/input/index.js';
import { InputError } from '../../src/input/types.js';
import { ROOT, SEEDS } from './helpers.js';

const opts = { cwd: ROOT };
const seed = (prefix: string) => join(SEEDS, ['000_48df82138c7e22bf.txt', '001_b4639c94fadb0b62.txt', '002_2f754206b0f68740.txt', '003_f48b351e7ffd888c.txt', '004_6359f938125a579c.txt'].find((f) => f.startsWith(prefix))!);
const haveSeeds = existsSync(SEEDS);

describe('seed 001: archive page of the collapse_file v5 thread', () => {
  it.skipIf(!haveSeeds)('yields exactly the one patch, repaired, with its cover letter', async () => {
    const set = await readPatchSet([seed('001')], opts);
    expect(set.patches).toHaveLength(1);
    const p = set.patches[0];
    expect(p.title).toBe('mm/khugepaged: maintain page cache uptodate flag');
    expect(p.position).toMatchObject({ version: 5, index: 3, total: 3 });
    expect(p.repaired).toBe(true);
    expect(p.quoted).toBe(false);
    expect(p.files.map((f) => f.newPath)).toEqual(['mm/khugepaged.c']);
    // the mail's diff has seven @@ hunks, all in collapse_file
    expect(p.files[0].hunks.map((h) => h.oldStart)).toEqual([1930, 2104, 2149, 2230, 2243, 2267, 2304]);
    expect(p.files[0].hunks.every((h) => h.context.startsWith('static int collapse_file('))).toBe(true);
    expect(set.cover?.subject).toBe('[PATCH v5 0/3] mm/khugepaged: fix khugepaged+shmem races');
  });

  it.skipIf(!haveSeeds)("recognises Hugh's quoted copy as the same patch", async () => {
    const set = await readPatchSet([seed('001')], opts);
    const dups = set.notes.filter((n) => n.decision === 'duplicate');
    expect(dups).toHaveLength(1);
    expect(dups[0].line).toBeGreaterThan(set.patches[0].origin.line);
    expect(dups[0].reason).toContain(set.patches[0].id);
    expect(set.notes.filter((n) => n.decision === 'no-diff').length).toBeGreaterThan(3);
  });

  it.skipIf(!haveSeeds)('reads the hunk counts right where context lost its leading space', async () => {
    const set = await readPatchSet([seed('001')], opts);
    for (const h of set.patches[0].files[0].hunks) {
      expect(h.lines.filter((l) => l.kind !== '+')).toHaveLength(h.oldLines);
      expect(h.lines.filter((l) => l.kind !== '-')).toHaveLength(h.newLines);
    }
  });
});

describe('seed 000: reply quoting the hugetlb MADV_DONTNEED v5 patch', () => {
  it.skipIf(!haveSeeds)('yields the quoted v5 patch with its five files', async () => {
    const set = await readPatchSet([seed('000')], opts);
    expect(set.patches).toHaveLength(1);
    const p = set.patches[0];
    expect(p.title).toBe("hugetlb: don't delete vma_lock in hugetlb MADV_DONTNEED processing");
    expect(p.position.version).toBe(5);
    expect(p.quoted).toBe(true);
    expect(p.repaired).toBe(true);
    expect(p.files.map((f) => f.newPath)).toEqual(['include/linux/hugetlb.h', 'include/linux/mm.h', 'mm/hugetlb.c', 'mm/madvise.c', 'mm/memory.c']);
    expect(p.message.startsWith('madvise(MADV_DONTNEED) ends up calling zap_page_range()')).toBe(true);
  });

  it.skipIf(!haveSeeds)('says what else was seen: the partial deeper fragment of an older version', async () => {
    const set = await readPatchSet([seed('000')], opts);
    const skipped = set.notes.filter((n) => n.decision === 'skipped');
    expect(skipped).toHaveLength(1);
    expect(skipped[0].reason).toMatch(/partial quoted fragment at depth 5/);
    expect(skipped[0].reason).toMatch(/mm\/madvise\.c/);
    expect(skipped[0].reason).toMatch(/without a file header from line 64/);
  });
});

describe('seeds 002, 003, 004: no patch', () => {
  for (const s of ['002', '003', '004']) {
    it.skipIf(!haveSeeds)(`seed ${s} gives a clear "no patch found"`, async () => {
      const err = await readPatchSet([seed(s)], opts).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).message).toMatch(/^no patch found \(.+\)$/);
      expect((err as InputError).describe()).toContain(seed(s));
    });
  }
});
