import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitArchive } from '../../src/input/archive.js';
import { readPatchSet } from '../../src/input/index.js';
import { toLines } from '../../src/input/lines.js';
import { mail, ROOT } from './helpers.js';

const opts = { cwd: ROOT };

describe('archive-page text', () => {
  it('splits dated/by/permalink pages into mails with subjects and authors', () => {
    const units = splitArchive(toLines(readFileSync(mail('archive-damaged.txt'), 'utf8')), 'a.txt');
    expect(units.map((u) => u.subject)).toEqual([
      '[PATCH 1/2] mm/filemap: retry lookup when the folio is being frozen',
      '[PATCH v2 0/3] mm: fixture lookups behave under frozen folios',
      '[PATCH v2 1/3] mm/filemap: retry lookup when the folio is being frozen',
      '[PATCH v2 2/3] mm/mincore: report only uptodate folios',
      '[PATCH v2 3/3] mm/filemap: skip the tail pages of large folios when counting',
      'Re: [PATCH v2 2/3] mm/mincore: report only uptodate folios',
    ]);
    expect(units[0]).toMatchObject({ line: 1, from: 'Ada Fixture', date: '2024-01-02 10:00:00' });
    expect(units.at(-1)?.from).toBe('Jörg Reviewer');
  });

  it('splits titled pages (subject line, From:, Date:)', () => {
    const text = ['Re: [PATCH] mm: a', '', 'From: Some One', 'Date: Fri Oct 28 2022 - 12:17:17 EST', '', 'body', '', 'Re: [PATCH] mm: b', '', 'From: Other', 'Date: Sat Oct 29 2022', '', 'more'].join('\n');
    const units = splitArchive(toLines(text), 't.txt');
    expect(units.map((u) => [u.subject, u.from, u.line])).toEqual([
      ['Re: [PATCH] mm: a', 'Some One', 1],
      ['Re: [PATCH] mm: b', 'Other', 8],
    ]);
  });

  it('repairs whitespace damage to exactly the diffs of the pristine mbox', async () => {
    const damaged = await readPatchSet([mail('archive-damaged.txt')], opts);
    const pristine = await readPatchSet([mail('series-mboxo.mbox')], opts);
    expect(damaged.patches.map((p) => p.id)).toEqual(pristine.patches.map((p) => p.id));
    expect(damaged.patches.every((p) => p.repaired)).toBe(true);
    // kinds equal line by line: `- vma->vm_start;` and `++present;` are context, not changes
    const kinds = (s: typeof damaged) => s.patches.flatMap((p) => p.files.flatMap((f) => f.hunks.flatMap((h) => h.lines.map((l) => l.kind))));
    expect(kinds(damaged)).toEqual(kinds(pristine));
  });

  it('keeps the newest version, recognises the cover, and the quoted reply as the same patch', async () => {
    const set = await readPatchSet([mail('archive-damaged.txt')], opts);
    expect(set.cover?.position).toMatchObject({ version: 2, index: 0, total: 3 });
    const byDecision = (d: string) => set.notes.filter((n) => n.decision === d).map((n) => n.subject);
    expect(byDecision('older-version')).toEqual(['[PATCH 1/2] mm/filemap: retry lookup when the folio is being frozen']);
    expect(byDecision('duplicate')).toEqual(['Re: [PATCH v2 2/3] mm/mincore: report only uptodate folios']);
    expect(byDecision('patch')).toHaveLength(3);
    expect(byDecision('cover')).toHaveLength(1);
    expect(set.notes).toHaveLength(6);
  });
});

describe('lore thread pages', () => {
  it('splits a page of full-header mails with [thread overview] and permalink tails', async () => {
    const units = splitArchive(toLines(readFileSync(mail('lore-thread.txt'), 'utf8')), 'lore.txt');
    expect(units.map((u) => [u.subject, u.from, u.line])).toEqual([
      ['[PATCH v2 1/3] mm/filemap: retry lookup when the folio is being frozen', 'Ada Fixture <ada@example.org>', 1],
      ['Re: [PATCH v2 1/3] mm/filemap: retry lookup when the folio is being frozen', 'Jörg Reviewer <joerg@example.org>', 47],
    ]);
    expect(units[0].date).toBe('Tue,  9 Jan 2024 10:00:00 +0000');
  });

  it('reads the page as a thread, not as one mail: the reply is the same patch', async () => {
    const set = await readPatchSet([mail('lore-thread.txt')], opts);
    const posted = await readPatchSet([mail('single-8bit.patch')], opts);
    expect(set.patches.map((p) => p.id)).toEqual([posted.patches[0].id]);
    expect(set.notes.map((n) => n.decision)).toEqual(['patch', 'duplicate']);
  });
});

describe('a reply whose own diff cannot be read', () => {
  it('becomes a note, while the quoted patch is still taken', async () => {
    const text = [
      'From: R <r@example.org>',
      'Subject: Re: [PATCH] mm/x: change b',
      '',
      '> diff --git a/mm/x.c b/mm/x.c',
      '> --- a/mm/x.c',
      '> +++ b/mm/x.c',
      '> @@ -1,2 +1,2 @@',
      '>  a',
      '> -b',
      '> +c',
      '',
      'Rather something like (untested):',
      '',
      'diff --git a/mm/x.c b/mm/x.c',
      '--- a/mm/x.c',
      '+++ b/mm/x.c',
      '@@ -1,2 +1,9 @@',
      ' a',
      '-b',
      '+d',
      '',
    ].join('\n');
    const set = await readPatchSet(['-'], { cwd: ROOT, stdin: async () => Buffer.from(text) });
    expect(set.patches.map((p) => p.quoted)).toEqual([true]);
    const note = set.notes.find((n) => n.decision === 'skipped');
    expect(note?.line).toBe(17);
    expect(note?.reason).toMatch(/^diff in the reply text that cannot be read: hunk @@ -1,2 \+1,9 @@/);
  });
});
