import { describe, expect, it } from 'vitest';
import { readPatchSet } from '../../src/input/index.js';
import { toLines } from '../../src/input/lines.js';
import { quoteDepth, stripQuotes, textAtDepth } from '../../src/input/quoted.js';
import { mail, ROOT } from './helpers.js';

const opts = { cwd: ROOT };

describe('quote depth', () => {
  it('counts > marks in all the usual spellings', () => {
    expect(['x', '> x', '>x', '> > x', '>> x', '>>> x', '> >> x'].map(quoteDepth)).toEqual([0, 1, 1, 2, 2, 3, 3]);
  });

  it('strips the requested levels and one space, keeping what is deeper', () => {
    expect(stripQuotes('> > +\tfoo', 1)).toBe('> +\tfoo');
    expect(stripQuotes('> > +\tfoo', 2)).toBe('+\tfoo');
    expect(stripQuotes('>  \t\tcontext', 1)).toBe(' \t\tcontext');
    expect(stripQuotes(' leading space kept', 0)).toBe(' leading space kept');
  });

  it('drops unquoted interjections from the text at a depth', () => {
    const lines = toLines(['> a', 'my comment', '> b', '> > c'].join('\n'));
    expect(textAtDepth(lines, 1).map((l) => [l.text, l.line])).toEqual([['a', 1], ['b', 3], ['> c', 4]]);
  });
});

describe('replies quoting a patch', () => {
  it('extracts the complete quoted patch despite interjections and marks it quoted', async () => {
    const set = await readPatchSet([mail('quoted-reply.eml')], opts);
    expect(set.patches).toHaveLength(1);
    const p = set.patches[0];
    expect(p).toMatchObject({ quoted: true, repaired: false, title: 'mm/filemap: skip the tail pages of large folios when counting' });
    expect(p.position).toMatchObject({ version: 2, index: 3, total: 3 });
    expect(p.from).toBe('Ada Fixture <ada@example.org>');
    expect(p.message).toBe('A large folio is counted once; move the index past its tail.\n\nSigned-off-by: Ada Fixture <ada@example.org>');
    expect(p.files.map((f) => `${f.newPath}:${f.hunks.length}`)).toEqual(['include/linux/mm.h:1', 'mm/filemap.c:1']);
    expect(p.origin.line).toBe(23);
  });

  it('is the same patch (same id) as the posted one', async () => {
    const quoted = await readPatchSet([mail('quoted-reply.eml')], opts);
    const posted = await readPatchSet([mail('series-mboxo.mbox')], opts);
    expect(quoted.patches[0].id).toBe(posted.patches[2].id);
  });

  it('notes the deeper lone hunk of the older version and why it was not taken', async () => {
    const set = await readPatchSet([mail('quoted-reply.eml')], opts);
    const skipped = set.notes.filter((n) => n.decision === 'skipped');
    expect(skipped).toHaveLength(1);
    expect(skipped[0].line).toBe(13);
    expect(skipped[0].reason).toMatch(/depth 3 without a file header/);
  });

  it('prefers the posted copy when the same input also holds it', async () => {
    const set = await readPatchSet([mail('quoted-reply.eml'), mail('series-mboxo.mbox')], opts);
    const third = set.patches.find((p) => p.position.index === 3)!;
    expect(third.quoted).toBe(false);
    const dup = set.notes.find((n) => n.decision === 'duplicate');
    expect(dup?.input).toBe(mail('quoted-reply.eml'));
  });
});

describe('several quoted copies of one patch', () => {
  it('keeps the fullest quoted copy when the posted one is absent', async () => {
    const full = ['> diff --git a/mm/x.c b/mm/x.c', '> --- a/mm/x.c', '> +++ b/mm/x.c', '> @@ -1,2 +1,2 @@', '>  a', '> -b', '> +c', '> diff --git a/mm/y.c b/mm/y.c', '> --- a/mm/y.c', '> +++ b/mm/y.c', '> @@ -1,1 +1,1 @@', '> -d', '> +e'];
    const trimmed = full.slice(0, 7);
    const mbox = [
      'From a Mon Jan  1 00:00:00 2024', 'From: R1 <r1@example.org>', 'Subject: Re: [PATCH] mm: two files', '', 'On Monday:', ...trimmed, '', 'ok', '',
      'From b Mon Jan  1 00:00:00 2024', 'From: R2 <r2@example.org>', 'Subject: Re: [PATCH] mm: two files', '', 'On Monday:', ...full, '', 'fine', '',
    ].join('\n');
    const set = await readPatchSet(['-'], { cwd: ROOT, stdin: async () => Buffer.from(mbox) });
    expect(set.patches).toHaveLength(1);
    expect(set.patches[0].files.map((f) => f.newPath)).toEqual(['mm/x.c', 'mm/y.c']);
    const dup = set.notes.find((n) => n.decision === 'duplicate');
    expect(dup?.reason).toMatch(/the fullest quoted copy/);
  });
});
