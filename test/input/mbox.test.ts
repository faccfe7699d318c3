import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPatchSet } from '../../src/input/index.js';
import { toLines } from '../../src/input/lines.js';
import { mboxFlavour, splitMbox } from '../../src/input/mbox.js';
import { baseCommit, mail, ROOT } from './helpers.js';

const opts = { cwd: ROOT };

describe('mbox', () => {
  it('reads an mboxo series: cover letter, three patches in order, base-commit and prerequisite', async () => {
    const set = await readPatchSet([mail('series-mboxo.mbox')], opts);
    expect(set.patches.map((p) => p.position.index)).toEqual([1, 2, 3]);
    expect(set.patches.map((p) => p.title)).toEqual([
      'mm/filemap: retry lookup when the folio is being frozen',
      'mm/mincore: report only uptodate folios',
      'mm/filemap: skip the tail pages of large folios when counting',
    ]);
    expect(set.cover?.subject).toBe('[PATCH v2 0/3] mm: fixture lookups behave under frozen folios');
    expect(set.cover?.baseCommit).toBe(baseCommit());
    expect(set.patches.every((p) => p.baseCommit === baseCommit())).toBe(true);
    expect(set.patches.every((p) => p.position.version === 2 && p.position.total === 3)).toBe(true);
    expect(set.patches.every((p) => p.commit && /^[0-9a-f]{40}$/.test(p.commit))).toBe(true);
    expect(set.patches.map((p) => p.quoted || p.repaired)).toEqual([false, false, false]);
    expect(set.notes.map((n) => n.decision)).toEqual(['cover', 'patch', 'patch', 'patch']);
  });

  it('unescapes >From lines one level (mboxo)', async () => {
    const set = await readPatchSet([mail('series-mboxo.mbox')], opts);
    expect(readFileSync(mail('series-mboxo.mbox'), 'utf8')).toContain('\n>From the caller');
    expect(set.patches[0].message).toContain("\nFrom the caller's view nothing changes");
  });

  it('unescapes >>From to >From (mboxrd) and tells the flavours apart', async () => {
    const rd = await readPatchSet([mail('series-mboxrd.mbox')], opts);
    expect(rd.patches[0].message).toContain("\nFrom the caller's view");
    expect(rd.patches[0].message).toContain('\n>From lines like this one');
    expect(mboxFlavour(toLines(readFileSync(mail('series-mboxrd.mbox'), 'utf8')))).toBe('mboxrd');
    expect(mboxFlavour(toLines(readFileSync(mail('series-mboxo.mbox'), 'utf8')))).toBe('mboxo');
  });

  it('reads a gzip-compressed mbox (detected by magic bytes) to the same patches', async () => {
    const bytes = readFileSync(mail('series.mbox.gz'));
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    const gz = await readPatchSet([mail('series.mbox.gz')], opts);
    const plain = await readPatchSet([mail('series-mboxo.mbox')], opts);
    expect(gz.patches.map((p) => p.id)).toEqual(plain.patches.map((p) => p.id));
    expect(gz.cover?.subject).toBe(plain.cover?.subject);
  });

  it('splits on From_ lines only and keeps line numbers', () => {
    const lines = toLines(['From abc Mon Jan  1 00:00:00 2024', 'Subject: a', '', 'From the top', '', 'From def Tue Jan  2 00:00:00 2024', 'Subject: b', '', 'x'].join('\n'));
    const msgs = splitMbox(lines);
    expect(msgs.map((m) => m.line)).toEqual([1, 6]);
    expect(msgs[0].lines.map((l) => l.text)).toEqual(['Subject: a', '', 'From the top']);
  });

  it('never modifies the input file', async () => {
    const before = readFileSync(mail('series-mboxo.mbox'));
    const mtime = statSync(mail('series-mboxo.mbox')).mtimeMs;
    await readPatchSet([mail('series-mboxo.mbox')], opts);
    expect(readFileSync(mail('series-mboxo.mbox')).equals(before)).toBe(true);
    expect(statSync(mail('series-mboxo.mbox')).mtimeMs).toBe(mtime);
  });
});
