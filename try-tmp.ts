import { readPatchSet } from '/work/main/src/input/index.js';
const inputs = process.argv.slice(2);
for (const i of inputs) {
  try {
    const s = await readPatchSet([i], { cwd: process.cwd() });
    for (const p of s.patches) {
      console.log(JSON.stringify({ id: p.id, title: p.title, subject: p.subject, pos: p.position, quoted: p.quoted, repaired: p.repaired, origin: p.origin, from: p.from, files: p.files.map(f => `${f.newPath} ${f.status} ${f.hunks.length}`) }));
      console.log('MSG:', p.message.slice(0, 200).replace(/\n/g, ' | '));
    }
    console.log('cover', s.cover?.subject);
    for (const n of s.notes) console.log(' note', n.line, n.decision, n.subject, '::', n.reason);
  } catch (e) { console.log(i, 'ERR', (e as any).describe?.() ?? e); }
}
