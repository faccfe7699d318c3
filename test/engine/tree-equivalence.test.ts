/**
 * Issue 4: "With --tree on our fixture tree the verdicts equal the no-tree verdicts." Patches are
 * made here against the fixture kernel tree's mm/khugepaged.c (the v6.3 reference text laid over
 * fixtures/tree), committed and turned into format-patch mails; the engine checks each set once with
 * the tree (pre/post images from git) and once without (hunks placed on the built-in reference).
 * Both must give the same findings, counted by (rule, classification), and no patch may be unplaced.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPatchSet } from '../../src/engine/index.js';
import type { Outcome } from '../../src/engine/types.js';
import { readPatchSet } from '../../src/input/index.js';
import { buildKernelTree, commitChange, formatPatches, git, type Edit, type KernelTree } from '../helpers/kernel-tree.js';

const FILE = 'mm/khugepaged.c';

/** The store that takes a frozen page out of the page cache in the same xa_lock hold (scan loop). */
const LISTED = '\t\tlist_add_tail(&page->lru, &pagelist);\n\n';
const STORE_AFTER_FREEZE = `${LISTED}\t\t/* Same xa_lock hold as the freeze: the frozen page leaves the cache at once. */\n\t\txas_store(&xas, hpage);\n\t\tcontinue;\n`;
const DROP_STORE: Edit = { path: FILE, from: STORE_AFTER_FREEZE, to: `${LISTED}\t\tcontinue;\n` };
const COMMENT_ONLY: Edit = {
  path: FILE,
  from: '/* Remember it for the copy or for the rollback. */',
  to: '/* Keep it on our list: the copy reads it and the rollback puts it back. */',
};

/** NR_SHMEM accounting moved from under xa_lock to the success path (statistics only). */
const STATS_MOVED: Edit[] = [
  { path: FILE, from: '\tif (nr_none)\n\t\t__mod_lruvec_page_state(hpage, NR_SHMEM, nr_none);\n\n', to: '' },
  { path: FILE, from: '\t\tfolio = page_folio(hpage);\n', to: '\t\tif (nr_none)\n\t\t\t__mod_lruvec_page_state(hpage, NR_SHMEM, nr_none);\n\t\tfolio = page_folio(hpage);\n' },
];

/** (rule, classification) of every finding of every patch, sorted: the multiset the two modes must share. */
function verdicts(out: Outcome): string[] {
  return out.patches.flatMap((p) => p.findings.map((f) => `${p.index ?? 1}:${f.ruleId}:${f.classification}`)).sort();
}

describe('tree mode equals no-tree mode on the fixture tree', () => {
  let tree: KernelTree;
  let mails: string;

  beforeAll(() => {
    tree = buildKernelTree();
    mails = mkdtempSync(join(tmpdir(), 'mmreview-equiv-'));
  });
  afterAll(() => {
    tree.cleanup();
    rmSync(mails, { recursive: true, force: true });
  });

  /** Commit each change on a fresh branch from the base, and read the mails as one patch set. */
  async function series(name: string, changes: { subject: string; edits: Edit[] }[]) {
    git(tree.dir, ['checkout', '-q', '-B', name, tree.base]);
    for (const c of changes) commitChange(tree, c.subject, `${c.subject}.`, c.edits);
    const texts = formatPatches(tree, `${tree.base}..HEAD`);
    const file = join(mails, `${name}.mbox`);
    writeFileSync(file, texts.join(''));
    return readPatchSet([file], { cwd: tree.dir });
  }

  async function bothModes(name: string, changes: { subject: string; edits: Edit[] }[]) {
    const set = await series(name, changes);
    const withTree = await checkPatchSet(set, { tree: tree.dir, cwd: tree.dir });
    const noTree = await checkPatchSet(set, { cwd: tree.dir });
    for (const out of [withTree, noTree]) for (const p of out.patches) expect(p.unplaced, `${name}: ${p.base}`).toEqual([]);
    return { withTree, noTree };
  }

  it('drop of the store after the freeze: same regressions with and without the tree', async () => {
    const { withTree, noTree } = await bothModes('drop-store', [{ subject: 'mm/khugepaged: leave the frozen page in its slot', edits: [DROP_STORE] }]);
    expect(verdicts(withTree).some((v) => v.endsWith(':regression'))).toBe(true);
    expect(verdicts(withTree)).toEqual(verdicts(noTree));
    // the tree run really read the tree: its programs are named after it
    expect(withTree.patches[0].base).toMatch(/^tree /);
    expect(noTree.patches[0].base).toMatch(/no tree/);
  }, 120_000);

  it('a comment-only change: no finding in either mode', async () => {
    const { withTree, noTree } = await bothModes('comment', [{ subject: 'mm/khugepaged: reword a comment', edits: [COMMENT_ONLY] }]);
    expect(verdicts(withTree)).toEqual([]);
    expect(verdicts(noTree)).toEqual([]);
  }, 120_000);

  it('statistics moved to the success path: same verdicts in both modes', async () => {
    const { withTree, noTree } = await bothModes('stats', [{ subject: 'mm/khugepaged: account holes on success', edits: STATS_MOVED }]);
    expect(verdicts(withTree)).toEqual(verdicts(noTree));
  }, 120_000);

  it('a two-patch series (drop the store, then put it back): same per-patch verdicts', async () => {
    const back: Edit = { path: FILE, from: DROP_STORE.to, to: STORE_AFTER_FREEZE };
    const { withTree, noTree } = await bothModes('series', [
      { subject: 'mm/khugepaged: leave the frozen page in its slot', edits: [DROP_STORE] },
      { subject: 'mm/khugepaged: replace the frozen page under the same lock', edits: [back] },
    ]);
    const v = verdicts(withTree);
    expect(v.some((x) => x.startsWith('1:') && x.endsWith(':regression'))).toBe(true);
    expect(v.some((x) => x.startsWith('2:') && x.endsWith(':fixed'))).toBe(true);
    expect(v).toEqual(verdicts(noTree));
  }, 240_000);
});
