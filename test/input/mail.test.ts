import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPatchSet } from '../../src/input/index.js';
import { mail, ROOT } from './helpers.js';

const opts = { cwd: ROOT };

describe('single git format-patch mails', () => {
  it('reads an 8bit UTF-8 mail with its From_ line, subject folding and trailers', async () => {
    const set = await readPatchSet([mail('single-8bit.patch')], opts);
    expect(set.patches).toHaveLength(1);
    const p = set.patches[0];
    expect(p.subject).toBe('[PATCH v2 1/3] mm/filemap: retry lookup when the folio is being frozen');
    expect(p.from).toBe('Ada Fixture <ada@example.org>');
    expect(p.message).toContain('Reviewed-by: Jörg Reviewer <joerg@example.org>');
    expect(p.files[0].hunks[0].lines.filter((l) => l.kind === '+')).toHaveLength(9);
    // 8bit bodies keep their input line numbers
    const first = p.files[0].hunks[0].lines[0];
    const raw = readFileSync(mail('single-8bit.patch'), 'utf8').split('\n');
    expect(raw[first.inputLine! - 1]).toBe(` ${first.text}`);
  });

  it('decodes a quoted-printable ISO-8859-1 body to the same patch', async () => {
    const raw = readFileSync(mail('single-qp-latin1.eml'), 'latin1');
    expect(raw).toContain('Content-Transfer-Encoding: quoted-printable');
    expect(raw).toContain('J=F6rg');
    const qp = await readPatchSet([mail('single-qp-latin1.eml')], opts);
    const plain = await readPatchSet([mail('single-8bit.patch')], opts);
    expect(qp.patches[0].id).toBe(plain.patches[0].id);
    expect(qp.patches[0].message).toContain('Jörg Reviewer');
    expect(qp.patches[0].files[0].hunks[0].lines.map((l) => l.text)).toEqual(plain.patches[0].files[0].hunks[0].lines.map((l) => l.text));
  });

  it('decodes a base64 body of a mail saved without a From_ line', async () => {
    const raw = readFileSync(mail('single-base64.eml'), 'utf8');
    expect(raw.startsWith('From: ')).toBe(true);
    expect(raw).toContain('Content-Transfer-Encoding: base64');
    const set = await readPatchSet([mail('single-base64.eml')], opts);
    const p = set.patches[0];
    expect(p.title).toBe('mm/mincore: report only uptodate folios');
    expect(p.files.map((f) => [f.newPath, f.status])).toEqual([
      ['include/linux/fixture_mincore.h', 'added'],
      ['mm/mincore.c', 'modified'],
    ]);
    expect(p.message).toContain('Jörg Reviewer');
  });

  it('decodes an 8-bit ISO-8859-1 body (bytes that are not UTF-8)', async () => {
    const bytes = readFileSync(mail('single-8bit-latin1.eml'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const set = await readPatchSet([mail('single-8bit-latin1.eml')], opts);
    expect(set.patches[0].message).toContain('Reviewed-by: Jörg Reviewer');
    expect(set.patches[0].files.map((f) => f.newPath)).toEqual(['include/linux/mm.h', 'mm/filemap.c']);
  });

  it('reads several single-mail inputs as one series', async () => {
    const set = await readPatchSet([mail('single-8bit-latin1.eml'), mail('single-base64.eml'), mail('single-8bit.patch')], opts);
    expect(set.patches.map((p) => p.position.index)).toEqual([1, 2, 3]);
  });
});

describe('scissors', () => {
  it('takes the message and in-body headers after a -- >8 -- line, as git am does', async () => {
    const text = [
      'From: Reviewer <r@example.org>',
      'Subject: Re: [PATCH] mm/x: old title',
      '',
      'Something like this?',
      '',
      '-- >8 --',
      'From: Ada Fixture <ada@example.org>',
      'Subject: [PATCH] mm/x: new title',
      '',
      'Use c instead of b.',
      '---',
      'diff --git a/mm/x.c b/mm/x.c',
      '--- a/mm/x.c',
      '+++ b/mm/x.c',
      '@@ -1,2 +1,2 @@',
      ' a',
      '-b',
      '+c',
      '',
    ].join('\n');
    const set = await readPatchSet(['-'], { cwd: ROOT, stdin: async () => Buffer.from(text) });
    expect(set.patches[0]).toMatchObject({ title: 'mm/x: new title', from: 'Ada Fixture <ada@example.org>', message: 'Use c instead of b.' });
  });
});
