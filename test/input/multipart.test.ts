import { describe, expect, it } from 'vitest';
import { readPatchSet } from '../../src/input/index.js';
import { ROOT } from './helpers.js';

const diff = ['diff --git a/mm/x.c b/mm/x.c', 'index 1234567..89abcde 100644', '--- a/mm/x.c', '+++ b/mm/x.c', '@@ -1,2 +1,2 @@', ' a', '-b', '+c', ''].join('\n');

describe('patches attached to a MIME mail', () => {
  it('reads a text/x-patch attachment (base64) next to a plain-text body', async () => {
    const mail = [
      'From: Ada Fixture <ada@example.org>',
      'Subject: [PATCH] mm/x: attached',
      'Date: Mon, 1 Jan 2024 00:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b0"',
      '',
      '--b0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'The patch is attached.',
      '--b0',
      'Content-Type: text/x-patch; name="0001-x.patch"',
      'Content-Disposition: attachment; filename="0001-x.patch"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(diff).toString('base64'),
      '--b0--',
      '',
    ].join('\n');
    const set = await readPatchSet(['-'], { cwd: ROOT, stdin: async () => Buffer.from(mail) });
    expect(set.patches).toHaveLength(1);
    expect(set.patches[0].title).toBe('mm/x: attached');
    expect(set.patches[0].message).toBe('The patch is attached.');
    expect(set.patches[0].files[0].hunks[0].lines.map((l) => l.kind + l.text)).toEqual([' a', '-b', '+c']);
  });
});
