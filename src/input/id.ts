/** Patch identity: a hash of the diff with all whitespace removed, so damaged and quoted copies agree. */
import { createHash } from 'node:crypto';
import type { FileDiff } from './types.js';

export function patchId(files: FileDiff[]): string {
  const h = createHash('sha256');
  for (const f of files) {
    h.update(`F ${f.oldPath ?? '/dev/null'} ${f.newPath ?? '/dev/null'} ${f.status}\n`);
    for (const hunk of f.hunks) {
      h.update(`@@ ${hunk.oldStart},${hunk.oldLines} ${hunk.newStart},${hunk.newLines}\n`);
      for (const l of hunk.lines) h.update(`${l.kind}${l.text.replace(/\s+/g, '')}\n`);
    }
  }
  return h.digest('hex').slice(0, 16);
}
