import { readPatchSet } from './src/input/index.js';
const a = await readPatchSet([process.argv[2]], { cwd: process.cwd() });
const b = await readPatchSet([process.argv[3]], { cwd: process.cwd() });
for (let i = 0; i < a.patches.length; i++) {
  const pa = a.patches[i], pb = b.patches.find(p => p.title === pa.title);
  if (!pb) continue;
  pa.files.forEach((f, fi) => f.hunks.forEach((h, hi) => {
    const hb = pb.files[fi]?.hunks[hi];
    const sa = h.lines.map(l => l.kind + l.text.replace(/\s+/g, '')).join('\n');
    const sb = hb?.lines.map(l => l.kind + l.text.replace(/\s+/g, '')).join('\n');
    if (sa !== sb) console.log(pa.title, f.newPath, hi, '\n' + sa + '\n----\n' + sb, JSON.stringify([pa.files[fi].status, pb.files[fi].status, pa.files[fi].oldPath, pb.files[fi].oldPath]));
  }));
}
