/**
 * The primitive table as data: coverage of the four modelled paths, well-formed entries,
 * blocking classification.
 */
import { describe, expect, it } from 'vitest';
import { EFFECT_INFO, PRIMITIVES, primitive, primitiveMayBlock, type ArgSpec } from '../../src/model/primitives.js';

const REQUIRED = [
  // locks in every mode
  'mmap_read_lock', 'mmap_write_lock', 'mmap_read_trylock', 'mmap_write_trylock', 'mmap_write_downgrade',
  'mmap_read_unlock', 'mmap_write_unlock', 'vma_start_read', 'vma_end_read', 'vma_start_write', 'vma_mark_detached',
  'hugetlb_vma_lock_read', 'hugetlb_vma_lock_write', 'hugetlb_vma_unlock_read', 'hugetlb_vma_unlock_write',
  'hugetlb_vma_trylock_write', '__hugetlb_vma_unlock_write_free', 'hugetlb_vma_lock_alloc', 'hugetlb_vma_lock_free',
  'i_mmap_lock_read', 'i_mmap_lock_write', 'i_mmap_unlock_read', 'i_mmap_unlock_write', 'anon_vma_lock_write',
  'anon_vma_unlock_write', 'lock_page', 'trylock_page', 'unlock_page', 'folio_lock', 'folio_trylock', 'folio_unlock',
  'pte_offset_map_lock', 'pte_unmap_unlock', 'spin_lock', 'spin_unlock', 'spin_trylock', 'pmd_lock', 'huge_pte_lock',
  'xas_lock_irq', 'xas_unlock_irq', 'xa_lock_irq', 'xa_unlock_irq', 'mutex_lock', 'mutex_unlock',
  // notifiers, page tables, TLB, rmap, gather
  'mmu_notifier_range_init', 'mmu_notifier_invalidate_range_start', 'mmu_notifier_invalidate_range_end',
  'ptep_get_and_clear', 'ptep_get_and_clear_full', 'huge_ptep_get_and_clear', 'pmdp_collapse_flush',
  'huge_pmd_unshare', 'tlb_remove_tlb_entry', 'tlb_flush_mmu', 'tlb_flush_mmu_tlbonly', 'tlb_finish_mmu',
  'tlb_gather_mmu', 'tlb_remove_table_sync_one', 'set_page_dirty', 'folio_mark_dirty', 'page_remove_rmap',
  'folio_remove_rmap_pte', '__tlb_remove_page', '__tlb_remove_page_size', 'tlb_remove_page', 'try_to_unmap',
  // page cache
  'xas_load', 'xas_next', 'xas_store', 'xas_set', 'xas_set_order', 'xa_load', 'xas_retry', 'xa_is_value',
  'xas_reset', 'xas_pause',
  // refcounts and flags
  'page_ref_freeze', 'page_ref_unfreeze', 'folio_try_get', 'folio_try_get_rcu', 'get_page', 'put_page', 'folio_put',
  'folio_put_refs', 'folio_ref_add', 'page_count', 'folio_ref_count', 'PageUptodate', 'folio_test_uptodate',
  'SetPageUptodate', 'folio_mark_uptodate', 'PageDirty', 'PageLocked', 'PageLRU',
  // vma / mm / rcu / uffd
  'vma_end_write_all', 'vma_iter_store', 'vma_mas_remove', 'unlink_anon_vmas', 'unlink_file_vma', 'free_pgd_range',
  'pte_free', 'rcu_read_lock', 'rcu_read_unlock', 'userfaultfd_missing',
];

function specsOf(spec: ArgSpec): ArgSpec[] {
  return 'op' in spec ? [spec, ...specsOf(spec.l), ...specsOf(spec.r)] : [spec];
}

describe('primitive table', () => {
  it('covers the APIs of the four modelled paths', () => {
    expect(REQUIRED.filter((n) => !primitive(n))).toEqual([]);
    expect(primitive('no_such_api')).toBeUndefined();
    expect(primitive('toString')).toBeUndefined();
  });

  it('uses only known effects and sane argument positions', () => {
    for (const [api, p] of Object.entries(PRIMITIVES)) {
      if (p.kind !== 'effect') continue;
      for (const e of p.effects) {
        expect(EFFECT_INFO[e.eff], `${api}: ${e.eff}`).toBeDefined();
        for (const s of e.args.flatMap(specsOf)) if ('arg' in s) expect(s.arg, api).toBeLessThan(8);
      }
    }
  });

  it('classifies blocking: locks and page locks block, trylocks and unlocks do not', () => {
    const blocks = (n: string) => primitiveMayBlock(primitive(n)!);
    expect(['spin_lock', 'mmap_write_lock', 'lock_page', 'folio_lock', 'pte_offset_map_lock', 'cond_resched', 'try_to_unmap'].map(blocks)).toEqual(
      [true, true, true, true, true, true, true],
    );
    expect(['spin_trylock', 'trylock_page', 'folio_try_get', 'unlock_page', 'xa_load', 'page_ref_freeze'].map(blocks)).toEqual(
      [false, false, false, false, false, false],
    );
  });

  it('records results: trylocks return their effect, pte_offset_map_lock fills &ptl', () => {
    const t = primitive('mmap_read_trylock')!;
    expect(t.kind === 'effect' && t.effects[0].result).toBe(true);
    const p = primitive('pte_offset_map_lock')!;
    expect(p.kind === 'effect' && p.outs).toEqual([{ arg: 3, value: { arg: 1, field: 'ptl' } }]);
    const q = primitive('PageUptodate')!;
    expect(q).toEqual({ kind: 'query', q: 'pflag', args: [{ arg: 0 }, { flag: 'uptodate' }], negate: false });
  });
});
