/**
 * The fixture kernel tree as a git repository, built at test time in a temporary directory:
 * fixtures/tree/** first, then the model's reference C from src/reference/v6.3/** on top: the
 * reference wins for the files of the collapse_file path (tree-mode tests compare with no-tree
 * verdicts on them); other reference files are added only where the fixture tree has none, since
 * tests edit the fixture tree's own kernel-like files (mm/madvise.c, mm/memory.c, ...).
 * Helpers commit modifications and produce `git format-patch` mails against it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURE_TREE = join(PROJECT_ROOT, 'fixtures/tree');
export const REFERENCE_TREE = join(PROJECT_ROOT, 'src/reference/v6.3');

/** Reference files that replace the fixture tree's copy: the collapse_file path. */
const REFERENCE_WINS = new Set(['mm/khugepaged.c', 'mm/filemap.c', 'mm/mincore.c', 'mm/shmem.c', 'mm/memcontrol.c', 'mm/gup.c', 'mm/swap_state.c']);

/** Fixed identity and dates so commits, and hence blob ids and mails, are reproducible. */
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Fixture Author',
  GIT_AUTHOR_EMAIL: 'author@example.org',
  GIT_COMMITTER_NAME: 'Fixture Author',
  GIT_COMMITTER_EMAIL: 'author@example.org',
  GIT_AUTHOR_DATE: '2023-03-07 12:00:00 +0000',
  GIT_COMMITTER_DATE: '2023-03-07 12:00:00 +0000',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export function git(dir: string, args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface KernelTree {
  dir: string;
  /** The commit holding the initial tree. */
  base: string;
  /** Files that came from src/reference/v6.3 (repository-relative). */
  fromReference: string[];
  cleanup(): void;
}

function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  const out = execFileSync('find', ['.', '-type', 'f'], { cwd: root, encoding: 'utf8' });
  return out.split('\n').filter(Boolean).map((f) => f.replace(/^\.\//, '')).sort();
}

/** Build the tree in a fresh temporary git repository. `reference: false` keeps the fixtures only. */
export function buildKernelTree(opts: { reference?: boolean } = {}): KernelTree {
  const dir = mkdtempSync(join(tmpdir(), 'mmreview-tree-'));
  cpSync(FIXTURE_TREE, dir, { recursive: true });
  const fixtureFiles = new Set(listFiles(FIXTURE_TREE));
  const fromReference = opts.reference === false ? [] : listFiles(REFERENCE_TREE).filter((f) => REFERENCE_WINS.has(f) || !fixtureFiles.has(f));
  for (const f of fromReference) cpSync(join(REFERENCE_TREE, f), join(dir, f), { recursive: true });
  git(dir, ['init', '-q', '-b', 'master']);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'Fixture kernel tree']);
  const base = git(dir, ['rev-parse', 'HEAD']).trim();
  return { dir, base, fromReference, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Edit {
  path: string;
  /** Exact text to replace, once; the test fails loudly when it is not found. */
  from: string;
  to: string;
}

/** Apply edits and commit them; returns the new commit id. */
export function commitChange(tree: KernelTree, subject: string, body: string, edits: Edit[]): string {
  for (const e of edits) {
    const file = join(tree.dir, e.path);
    const text = readFileSync(file, 'utf8');
    if (!text.includes(e.from)) throw new Error(`edit not applicable to ${e.path}: ${e.from.slice(0, 60)}`);
    writeFileSync(file, text.replace(e.from, e.to));
  }
  git(tree.dir, ['add', '-A']);
  git(tree.dir, ['commit', '-q', '-m', `${subject}\n\n${body}\n\nSigned-off-by: Fixture Author <author@example.org>`]);
  return git(tree.dir, ['rev-parse', 'HEAD']).trim();
}

/**
 * `git format-patch` mails for the commits in `range` (e.g. `base..HEAD`), in series order. With
 * `cover`, a cover letter (subject and blurb filled in) comes first. Returns the mail texts.
 */
export function formatPatches(tree: KernelTree, range: string, opts: { cover?: { subject: string; blurb: string }; prefix?: string } = {}): string[] {
  const out = mkdtempSync(join(tmpdir(), 'mmreview-mails-'));
  try {
    const args = ['format-patch', '-o', out, '--base', tree.base, '--subject-prefix', opts.prefix ?? 'PATCH'];
    if (opts.cover) args.push('--cover-letter');
    const files = git(tree.dir, [...args, range]).split('\n').filter(Boolean).sort();
    return files.map((f) => {
      const text = readFileSync(f, 'utf8');
      if (!opts.cover || !f.endsWith('0000-cover-letter.patch')) return text;
      return text.replace('*** SUBJECT HERE ***', opts.cover.subject).replace('*** BLURB HERE ***', opts.cover.blurb);
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Contents of a file at a commit. */
export function showFile(tree: KernelTree, rev: string, path: string): string {
  return git(tree.dir, ['show', `${rev}:${path}`]);
}

/** The three commits of the hugetlb MADV_DONTNEED series against the fixture tree (ours, after 6.1's fixes). */
export const HUGETLB_SERIES: { subject: string; body: string; edits: Edit[] }[] = [
  {
    subject: 'madvise: use zap_page_range_single for madvise dontneed',
    body: 'MADV_DONTNEED works on one VMA: zap only that VMA, with a notifier range widened for hugetlb.',
    edits: [{ path: 'mm/madvise.c', from: '\tzap_page_range(vma, start, end - start);\n', to: '\tzap_page_range_single(vma, start, end - start, NULL);\n' }],
  },
  {
    subject: "hugetlb: don't delete vma_lock in hugetlb MADV_DONTNEED processing",
    body: 'Only a real unmap (unmap_vmas sets ZAP_FLAG_UNMAP) may free the hugetlb vma_lock.',
    edits: [
      { path: 'include/linux/mm.h', from: '#endif /* _LINUX_MM_H */', to: '/* Set in unmap_vmas() to indicate a final unmap call. Only used by hugetlb */\n#define ZAP_FLAG_UNMAP\t\t((__force zap_flags_t) BIT(1))\n\n#endif /* _LINUX_MM_H */' },
      { path: 'mm/memory.c', from: '\t\t.zap_flags = ZAP_FLAG_DROP_MARKER,\n', to: '\t\t.zap_flags = ZAP_FLAG_DROP_MARKER | ZAP_FLAG_UNMAP,\n' },
      {
        path: 'mm/hugetlb.c',
        from: '\t__hugetlb_vma_unlock_write_free(vma);\n\ti_mmap_unlock_write(vma->vm_file->f_mapping);\n}\n',
        to: '\tif (zap_flags & ZAP_FLAG_UNMAP) {\n\t\t__hugetlb_vma_unlock_write_free(vma);\n\t\ti_mmap_unlock_write(vma->vm_file->f_mapping);\n\t} else {\n\t\ti_mmap_unlock_write(vma->vm_file->f_mapping);\n\t\thugetlb_vma_unlock_write(vma);\n\t}\n}\n',
      },
    ],
  },
  {
    subject: 'hugetlb: remove duplicate mmu notifications',
    body: 'Callers of __unmap_hugepage_range already notify; unmap_hugepage_range notifies with CLEAR.',
    edits: [
      {
        path: 'mm/hugetlb.c',
        from: '\t/* Sharing may unmap a whole PUD: tell the notifiers about the worst case. */\n\tmmu_notifier_range_init(&range, MMU_NOTIFY_UNMAP, 0, vma, mm, start, end);\n\tadjust_range_if_pmd_sharing_possible(vma, &range.start, &range.end);\n\tmmu_notifier_invalidate_range_start(&range);\n',
        to: '',
      },
      { path: 'mm/hugetlb.c', from: '\tmmu_notifier_invalidate_range_end(&range);\n\ttlb_end_vma(tlb, vma);\n', to: '\ttlb_end_vma(tlb, vma);\n' },
      {
        path: 'mm/hugetlb.c',
        from: '\ttlb_gather_mmu(&tlb, vma->vm_mm);\n\t__unmap_hugepage_range(&tlb, vma, start, end, ref_page, zap_flags);\n\ttlb_finish_mmu(&tlb);\n',
        to: '\tstruct mmu_notifier_range range;\n\n\tmmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, vma, vma->vm_mm,\n\t\t\t\tstart, end);\n\tadjust_range_if_pmd_sharing_possible(vma, &range.start, &range.end);\n\tmmu_notifier_invalidate_range_start(&range);\n\ttlb_gather_mmu(&tlb, vma->vm_mm);\n\t__unmap_hugepage_range(&tlb, vma, start, end, ref_page, zap_flags);\n\tmmu_notifier_invalidate_range_end(&range);\n\ttlb_finish_mmu(&tlb);\n',
      },
    ],
  },
];

/** Commit HUGETLB_SERIES on the tree; returns the mails (cover letter first when asked). */
export function hugetlbSeriesMails(tree: KernelTree, cover = true): string[] {
  for (const c of HUGETLB_SERIES) commitChange(tree, c.subject, c.body, c.edits);
  return formatPatches(tree, `${tree.base}..HEAD`, {
    cover: cover ? { subject: 'hugetlb: fix MADV_DONTNEED vs vma_lock', blurb: 'Keep the hugetlb vma_lock across MADV_DONTNEED.' } : undefined,
  });
}
