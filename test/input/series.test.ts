import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPatchSet } from '../../src/input/index.js';
import { parseSubject, positionLabel } from '../../src/input/subject.js';
import { InputError } from '../../src/input/types.js';
import { mail, ROOT, tempDir } from './helpers.js';

const opts = { cwd: ROOT };

describe('subjects', () => {
  it.each([
    ['[PATCH v5 3/3] mm/khugepaged: x', { version: 5, index: 3, total: 3, tags: [] }, false, 'mm/khugepaged: x'],
    ['[RFC PATCH 0/2] mm: y', { version: 1, index: 0, total: 2, tags: ['RFC'] }, false, 'mm: y'],
    ['[PATCH mm-unstable v2 1/4] mm: z', { version: 2, index: 1, total: 4, tags: ['mm-unstable'] }, false, 'mm: z'],
    ['Re: [PATCH v2] hugetlb: w', { version: 2, tags: [] }, true, 'hugetlb: w'],
    ['RE: Re: [PATCHv3 02/10] mm: v', { version: 3, index: 2, total: 10, tags: [] }, true, 'mm: v'],
    ['[RFC][PATCH RESEND 1/1] mm: u', { version: 1, index: 1, total: 1, tags: ['RFC', 'RESEND'] }, false, 'mm: u'],
  ])('%s', (subject, position, reply, title) => {
    const s = parseSubject(subject);
    expect(s.position).toEqual(position);
    expect(s.reply).toBe(reply);
    expect(s.title).toBe(title);
    expect(s.isPatch).toBe(true);
  });

  it('labels positions the way subjects write them', () => {
    expect(positionLabel(parseSubject('[RFC PATCH mm-unstable v3 1/2] t').position)).toBe('[RFC PATCH mm-unstable v3 1/2]');
  });
});

describe('series', () => {
  it('reads [RFC PATCH mm-unstable v3 M/N] series', async () => {
    const set = await readPatchSet([mail('series-rfc.mbox')], opts);
    expect(set.patches.map((p) => [p.position.version, p.position.index, p.position.tags])).toEqual([
      [3, 1, ['RFC', 'mm-unstable']],
      [3, 2, ['RFC', 'mm-unstable']],
    ]);
  });

  it('in a thread with two versions, keeps v2, orders by M, and notes every mail', async () => {
    const set = await readPatchSet([mail('thread.mbox')], opts);
    expect(set.patches.map((p) => `v${p.position.version} ${p.position.index}/${p.position.total}`)).toEqual(['v2 1/3', 'v2 2/3', 'v2 3/3']);
    expect(set.cover?.position.version).toBe(2);
    expect(set.notes.map((n) => n.decision)).toEqual(['older-version', 'older-version', 'cover', 'patch', 'patch', 'patch', 'duplicate', 'no-diff']);
    expect(set.notes.every((n) => n.reason.length > 0)).toBe(true);
    expect(set.notes[0].reason).toBe('v1 superseded by v2 of "mm/filemap: retry lookup when the folio is being frozen"');
    // notes are sorted by line
    const lines = set.notes.map((n) => n.line);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  });

  it('records prerequisite-patch-id and base-commit of a single patch', async () => {
    const set = await readPatchSet([mail('single-8bit.patch')], opts);
    expect(set.patches[0].baseCommit).toMatch(/^[0-9a-f]{40}$/);
    expect(set.patches[0].prerequisitePatchIds).toHaveLength(1);
  });
});

describe('cover letters', () => {
  it('a diff in a 0/N mail is an interdiff, noted and not taken as a patch', async () => {
    const mbox = readFileSync(mail('series-mboxo.mbox'), 'utf8').replace(
      'Changes since v1:',
      ['Interdiff against v1:', 'diff --git a/mm/filemap.c b/mm/filemap.c', '--- a/mm/filemap.c', '+++ b/mm/filemap.c', '@@ -1,1 +1,1 @@', '-old', '+new', '', 'Changes since v1:'].join('\n'),
    );
    const set = await readPatchSet(['-'], { cwd: ROOT, stdin: async () => Buffer.from(mbox) });
    expect(set.patches).toHaveLength(3);
    expect(set.cover?.message).toContain('Two small fixes');
    expect(set.cover?.message).not.toContain('+new');
    expect(set.notes.find((n) => n.decision === 'skipped')?.reason).toMatch(/interdiff/);
  });
});

describe('git format-patch -o output passed file by file', () => {
  it('takes the cover letter file next to the patch files, but not alone', async () => {
    const dir = tempDir();
    const messages = readFileSync(mail('series-mboxo.mbox'), 'utf8').split(/(?=^From [0-9a-f]{40} )/m);
    const names = messages.map((m, k) => {
      const name = join(dir, `000${k}.patch`);
      writeFileSync(name, m);
      return name;
    });
    const set = await readPatchSet(names, opts);
    expect(set.cover?.position.index).toBe(0);
    expect(set.patches.map((p) => p.position.index)).toEqual([1, 2, 3]);
    const err = await readPatchSet([names[0]], opts).catch((e: unknown) => e);
    expect((err as InputError).message).toMatch(/^no patch found \(1 mail starting with "\[PATCH v2 0\/3\].*; 1 cover letter; no diff or hunk header\)$/);
    // the sendemail-validate hook sees the cover letter on its own
    const alone = await readPatchSet([names[0]], { ...opts, allowCoverOnly: true });
    expect(alone.patches).toEqual([]);
    expect(alone.cover?.subject).toBe('[PATCH v2 0/3] mm: fixture lookups behave under frozen folios');
  });
});

describe('retitled patches across versions', () => {
  it('drops v1 patches that v2 retitled, keeping the v2 series only', async () => {
    const thread = readFileSync(mail('thread.mbox'), 'utf8').replace(
      'Subject: [PATCH 2/2] mm/mincore: report only uptodate folios',
      'Subject: [PATCH 2/2] mm/mincore: report uptodate folios as 0 or 1',
    );
    const set = await readPatchSet(['-'], { cwd: ROOT, stdin: async () => Buffer.from(thread) });
    expect(set.patches.map((p) => `v${p.position.version} ${p.position.index}`)).toEqual(['v2 1', 'v2 2', 'v2 3']);
    const older = set.notes.filter((n) => n.decision === 'older-version').map((n) => n.reason);
    expect(older).toContain('series v1 superseded by v2; this patch is not in v2 under the same title (retitled or dropped)');
    expect(set.notes.filter((n) => n.decision === 'patch')).toHaveLength(3);
  });
});
