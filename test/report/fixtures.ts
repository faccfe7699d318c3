/**
 * Hand-built Outcomes shaped like the engine's: the NAKed collapse_file v5 3/3 (page 0 left frozen in
 * the page cache → collapse waits on the PTL mincore holds, mincore spins on the frozen refcount) and
 * the SEEK_DATA race the same patch fixes, plus a clean patch and one with an unplaced hunk.
 */
import type { Finding, Outcome, PatchReport } from '../../src/engine/types.js';
import type { Trace } from '../../src/explore/types.js';

const V5_3 = {
  id: 'p3-5e1f0c2a',
  title: 'mm/khugepaged: maintain page cache uptodate flag',
  index: 3,
  total: 3,
  version: 5,
  quoted: false,
  repaired: false,
};

const loc = (file: string, line: number, fn: string) => ({ file, line, fn });

export const deadlockTrace: Trace = {
  steps: [
    { n: 1, thread: 'collapse', text: 'xas_lock_irq(&xas)  [LOCK xa_lock]', api: 'xas_lock_irq', event: 'LOCK xa_lock', loc: loc('mm/khugepaged.c', 1890, 'collapse_file') },
    { n: 2, thread: 'collapse', text: 'page_ref_freeze(page, 3)  [REF_FREEZE page 0]', api: 'page_ref_freeze', event: 'REF_FREEZE page 0', loc: loc('mm/khugepaged.c', 1906, 'collapse_file') },
    { n: 3, thread: 'collapse', text: 'xas_unlock_irq(&xas)  [UNLOCK xa_lock]', api: 'xas_unlock_irq', event: 'UNLOCK xa_lock', loc: loc('mm/khugepaged.c', 1915, 'collapse_file') },
    { n: 4, thread: 'mincore', text: 'pte_offset_map_lock(...)  [LOCK PTL(table X)]', api: 'pte_offset_map_lock', event: 'LOCK PTL(table X)', loc: loc('mm/mincore.c', 104, 'mincore_pte_range') },
    { n: 5, thread: 'mincore', text: 'xas_load(&xas)  [XA_LOAD 0 = page 0]', api: 'xas_load', event: 'XA_LOAD 0', loc: loc('mm/filemap.c', 1868, 'mapping_get_entry'), choices: ['mm/mincore.c:110=true'] },
    { n: 6, thread: 'mincore', text: 'folio_try_get_rcu(folio)  [REF_TRYGET page 0 fails: frozen]', api: 'folio_try_get_rcu', event: 'REF_TRYGET page 0', loc: loc('mm/filemap.c', 1874, 'mapping_get_entry') },
    { n: 7, thread: 'collapse', text: 'try_to_unmap(page 1) → spin_lock(ptl)  [LOCK PTL(table X)]', api: 'spin_lock', event: 'LOCK PTL(table X)', loc: loc('mm/rmap.c', 812, 'page_vma_mapped_walk') },
  ],
  state: ['page0.ref = 0 (frozen by collapse)', 'page0 in page cache at index 0 = yes', 'PTL(table X) owner = mincore'],
  replay: 'collapse-vs-mincore:9c1d2e3f:b1.0.0.1',
};

export const deadlock: Finding = {
  ruleId: 'collapse-frozen-page-in-cache',
  severity: 'error',
  classification: 'regression',
  message: 'collapse_file leaves page 0 frozen in the page cache while it waits for a PTL; mincore spins on it holding that PTL',
  patch: V5_3,
  location: { file: 'mm/khugepaged.c', line: 1906, function: 'collapse_file' },
  hunk: {
    file: 'mm/khugepaged.c',
    hunk: 2,
    header: '@@ -1900,14 +1900,10 @@ static int collapse_file(struct mm_struct *mm, unsigned long addr,',
    lines: [
      ' \t\t/*',
      ' \t\t * The page is expected to have page_count() == 3:',
      ' \t\t */',
      ' \t\tif (!page_ref_freeze(page, 3)) {',
      ' \t\t\tresult = SCAN_PAGE_COUNT;',
      ' \t\t\txas_unlock_irq(&xas);',
      '-\t\txas_store(&xas, hpage);',
      '+\t\tlist_add_tail(&page->lru, &pagelist);',
    ],
    marked: [3, 6],
  },
  cycle: [
    { thread: 'collapse', waitsFor: 'lock PTL(table X)', heldBy: 'mincore', how: 'blocked', loc: loc('mm/rmap.c', 812, 'page_vma_mapped_walk') },
    { thread: 'mincore', waitsFor: 'frozen refcount of page 0', heldBy: 'collapse', how: 'spinning', loc: loc('mm/filemap.c', 1874, 'mapping_get_entry') },
  ],
  trace: deadlockTrace,
  scenario: 'collapse-vs-mincore',
  compared: { before: 'reference 6.3 + patches 1-2', after: 'post-image of patch 3' },
};

export const seekTrace: Trace = {
  steps: [
    { n: 1, thread: 'collapse', text: 'xas_store(&xas, hpage)  [XA_STORE 0 = hpage (locked, !uptodate)]', api: 'xas_store', event: 'XA_STORE 0', loc: loc('mm/khugepaged.c', 1930, 'collapse_file') },
    { n: 2, thread: 'seek', text: 'find_get_entry(&xas, max, XA_PRESENT)  [XA_LOAD 0 = hpage]', api: 'find_get_entry', event: 'XA_LOAD 0', loc: loc('mm/filemap.c', 2010, 'mapping_seek_hole_data') },
    { n: 3, thread: 'seek', text: 'folio_test_uptodate(folio)  [PFLAG? hpage uptodate = 0]', api: 'folio_test_uptodate', event: 'PFLAG? uptodate', loc: loc('mm/filemap.c', 2950, 'folio_seek_hole_data') },
  ],
  state: ['slot[0] = hpage', 'hpage.uptodate = 0', 'seek.result = hole at offset 0'],
  replay: 'collapse-vs-seek-data:77aa01bc:a0.1',
};

export const seekFixed: Finding = {
  ruleId: 'collapse-exposes-non-uptodate',
  severity: 'error',
  classification: 'fixed',
  message: 'SEEK_DATA sees a !uptodate huge page in the page cache and reports a hole where data is',
  patch: V5_3,
  location: { file: 'mm/khugepaged.c', line: 1930, function: 'collapse_file' },
  trace: seekTrace,
  scenario: 'collapse-vs-seek-data',
  compared: { before: 'reference 6.3 + patches 1-2', after: 'post-image of patch 3' },
};

const runStats = { states: 412, transitions: 958, depth: 23, bytesPerState: 16 };

function report(over: Partial<PatchReport> & Pick<PatchReport, 'patchId' | 'title'>): PatchReport {
  return {
    quoted: false,
    repaired: false,
    base: 'reference 6.3 (no tree; hunks placed on the built-in model)',
    findings: [],
    runs: [],
    unplaced: [],
    unmodelled: [],
    ...over,
  };
}

/** The v5 series: patch 1 clean, patch 2 with an unplaced hunk, patch 3 with both findings. */
export function seriesOutcome(): Outcome {
  return {
    schema: 1,
    inputs: ['seeds/001_b4639c94fadb0b62.txt'],
    notes: ['001_b4639c94fadb0b62.txt:1: [PATCH v5 3/3] taken as patch 3/3 of v5'],
    patches: [
      report({ patchId: 'p1-0a0b0c0d', title: 'mm/khugepaged: drain lru after swapping in shmem', index: 1, total: 3,
        runs: [{ patchId: 'p1-0a0b0c0d', scenario: 'collapse-vs-mincore', side: 'after', verdict: 'ok', stats: runStats }] }),
      report({ patchId: 'p2-1a2b3c4d', title: 'mm/khugepaged: skip shmem with userfaultfd', index: 2, total: 3,
        unplaced: ['mm/khugepaged.c hunk #4 (@@ -2100,6 +2090,12 @@): context not found in the reference; pass --tree'],
        unmodelled: ['userfaultfd_missing'] }),
      report({ patchId: V5_3.id, title: V5_3.title, index: 3, total: 3,
        findings: [seekFixed, deadlock],
        runs: [
          { patchId: V5_3.id, scenario: 'collapse-vs-mincore', side: 'before', verdict: 'ok', stats: runStats },
          { patchId: V5_3.id, scenario: 'collapse-vs-mincore', side: 'after', verdict: 'livelock', stats: runStats },
        ],
        unmodelled: ['count_vm_event', 'lru_add_drain'] }),
    ],
  };
}

/** A lone quoted, repaired patch (as taken from a reply) with one pre-existing warning. */
export function quotedOutcome(): Outcome {
  const pre: Finding = {
    ...seekFixed,
    ruleId: 'hugetlb-unmap-vma-lock',
    severity: 'warning',
    classification: 'pre-existing',
    message: 'zap of a hugetlb range runs without the hugetlb VMA lock held',
    patch: { id: 'q-9f9f', title: 'mm/hugetlb: fix hugetlb vma lock in MADV_DONTNEED', version: 5, quoted: true, repaired: true },
    location: { file: 'mm/hugetlb.c', line: 5301, function: '__unmap_hugepage_range_final' },
    hunk: undefined,
    trace: undefined,
    scenario: 'hugetlb-dontneed-vs-pmd-share',
    seriesNote: undefined,
  };
  return {
    schema: 1,
    inputs: ['seeds/000_48df82138c7e22bf.txt'],
    notes: [],
    patches: [report({ patchId: 'q-9f9f', title: pre.patch.title, quoted: true, repaired: true, findings: [pre] })],
  };
}

export function cleanOutcome(): Outcome {
  return { schema: 1, inputs: ['clean.patch'], notes: [], patches: [report({ patchId: 'c-1', title: 'mm: comment fix' })] };
}
