/**
 * Primitive-table entries of the VMA-level API and of single model paths (zap, hugetlb sharing),
 * kept apart from the page, lock, table and xarray families of src/model/primitives.ts.
 */
import { VALUE_ENTRY } from './ir.js';
import { A, E, effects, F, flag, K, nop, one, value, withValue } from './primitive-spec.js';
import type { Primitive } from './primitives.js';

/**
 * Zap path (mm-reference §A): the 6.2+ delayed rmap of mmu_gather, writeback's test-and-clear of
 * PG_dirty, PTE value helpers (the model's PTE is the page it maps: no bits), and the model-only
 * user store through the CPU's cached translation (the reference's mmr_user_store thread).
 */
export function zapPath(): Record<string, Primitive> {
  const t: Record<string, Primitive> = {
    // SMP and not s390: dirty file pages keep their rmap until the TLB flush (tlb_flush_rmaps)
    tlb_delay_rmap: value(K(1)),
    tlb_flush_rmaps: one('rmap_flush_delayed', []),
    // 6.9+: (tlb, page, nr, delay_rmap)
    __tlb_remove_folio_pages: withValue(effects(E('gather_queue', [A(1)]), E('rmap_delay', [A(1)], { when: A(3) })), K(0)),
    // mm/mmu_gather.c internals a patch may call directly: release the gathered pages
    tlb_batch_pages_flush: one('gather_free', []),
    tlb_flush_mmu_free: one('gather_free', []),
    folio_test_clear_dirty: one('dirty_clear', [A(0)], true),
    TestClearPageDirty: one('dirty_clear', [A(0)], true),
    mmr_user_store: one('user_store', [A(0)], true),
  };
  for (const n of ['pte_wrprotect', 'pte_mkclean', 'pte_mkold', 'pte_mkyoung', 'pte_mkdirty', 'pte_mkwrite', 'pte_mkuffd_wp'])
    t[n] = value(A(0));
  for (const n of ['mapping_can_writeback', 'folio_mapping_can_writeback']) t[n] = value(K(1));
  return t;
}

/**
 * hugetlb PMD sharing (mm-reference §B.2, effects-hugetlb.ts). In huge_pmd_share() a `pud_t *` is
 * the VMA whose PUD it is; `pud_populate(mm, pud, spte)` points it at the PMD page mapping spte.
 * "Has a vma_lock" (6.1: vm_private_data set on a shareable VMA) is the VMA's hvlock cell.
 */
export function hugetlbSharing(): Record<string, Primitive> {
  const hasLock = value(F(0, 'hvlock'));
  return {
    pud_populate: withValue(one('pmd_share', [A(1), A(2)]), K(0)),
    // `*pud` is the VMA itself (a pointer is what it points to): none while its PUD points nowhere
    pud_none: value({ op: '==', l: F(0, 'pmd_table'), r: K(0) }),
    __vma_shareable_flags_pmd: hasLock,
    __vma_shareable_lock: hasLock,
    // page-table pages are not page objects (the share count is the number of PUDs pointing at it)
    virt_to_page: value(K(0)),
    range_in_vma: value(K(1)),
    vma_mmu_pagesize: value(K(1)),
  };
}

/** VMA locks, mm lock sequence, maple tree, userfaultfd, RCU, sleeping points, known no-ops. */
export function vmaAndMisc(): Record<string, Primitive> {
  const t: Record<string, Primitive> = {
    // 6.4 form: a lockless vm_lock_seq test (an interleaving point of its own), then the trylock and the
    // recheck, which do not look at `detached`; the early test's failure is folded into the second
    // check (effects-vma.ts)
    vma_start_read: effects(E('vma_rlock_peek', [A(0)]), E('vma_trylock_read', [A(0)], { result: true })),
    // lockless maple-tree walks (mas_walk under RCU): the VMA covering the address
    vma_lookup: one('vma_find', [A(1)], true),
    vma_iter_clear_gfp: withValue(one('tree_clear_range', [A(1), A(2)]), K(0)),
    // the VMA is freed by an RCU callback (call_rcu): after every reader that may have found it
    vm_area_free: one('vma_free', [A(0)]),
    // the PMD (page table) of an address: the fault's walk down the page-table levels
    pmd_off: one('pt_walk', [A(1)], true),
    vma_end_read: one('vma_runlock', [A(0)]),
    vma_start_write: one('vma_wlock', [A(0)]),
    // the model's write lock never fails; the try variant reports success
    vma_try_start_write: withValue(one('vma_wlock', [A(0)]), K(1)),
    vma_end_write_all: one('mm_seq_inc', []),
    vma_mark_detached: effects(E('vma_detach', [A(0)], { when: A(1) }), E('vma_attach', [A(0)], { unless: A(1) })),
    vma_mark_attached: one('vma_attach', [A(0)]),
    vma_iter_store: one('tree_store', [A(1)]),
    vma_iter_store_gfp: withValue(one('tree_store', [A(1)]), K(0)),
    vma_mas_store: one('tree_store', [A(0)]),
    vma_mas_remove: one('tree_clear', [A(0)]),
    userfaultfd_missing: one('uffd_missing', [], true),
    rcu_read_lock: one('rcu_read_lock', []),
    rcu_read_unlock: one('rcu_read_unlock', []),
    // an IRQ-off section is what tlb_remove_table_sync_one() waits for (GUP-fast): an RCU-like reader
    local_irq_save: one('rcu_read_lock', []),
    local_irq_disable: one('rcu_read_lock', []),
    local_irq_restore: one('rcu_read_unlock', []),
    local_irq_enable: one('rcu_read_unlock', []),
    cond_resched: one('sleep', []),
    cond_resched_rcu: one('sleep', []),
    need_resched: nop(0),
    // waiting for PG_locked to clear: modelled as taking and dropping the page lock
    wait_on_page_locked: effects(E('page_lock', [A(0)]), E('page_unlock', [A(0)])),
    folio_wait_locked: effects(E('page_lock', [A(0)]), E('page_unlock', [A(0)])),
    folio_add_lru: one('pflag_set', [A(0), flag('lru')]),
    lru_cache_add: one('pflag_set', [A(0), flag('lru')]),
    hugetlb_walk: value(A(1)),
    schedule: one('sleep', []),
    might_sleep: nop(),
    is_vm_hugetlb_page: value(F(0, 'hugetlb')),
    xa_mk_value: value(K(VALUE_ENTRY)),
  };
  for (const n of ['lru_add_drain', 'lru_add_drain_all', 'update_hiwater_rss', 'tlb_start_vma', 'tlb_end_vma',
    'tlb_change_page_size', 'flush_cache_range', 'flush_cache_page', 'flush_dcache_page', 'flush_dcache_folio',
    'arch_enter_lazy_mmu_mode', 'arch_leave_lazy_mmu_mode', 'count_vm_event', 'count_vm_events',
    'count_memcg_events', 'inc_mm_counter', 'dec_mm_counter', 'add_mm_counter', 'add_mm_rss_vec',
    'mmap_assert_locked', 'mmap_assert_write_locked', 'i_mmap_assert_locked', 'i_mmap_assert_write_locked',
    'lockdep_assert_held', 'lockdep_assert_held_write', 'hugetlb_vma_assert_locked', 'vma_assert_write_locked',
    'vma_assert_locked', 'copy_highpage', 'clear_highpage', 'copy_user_highpage', 'flush_tlb_batched_pending',
    'mm_dec_nr_ptes', 'mm_inc_nr_ptes', 'page_table_check_pte_clear_range', 'smp_mb', 'smp_wmb', 'smp_rmb',
    'preempt_disable', 'preempt_enable', 'mark_page_accessed',
    'folio_mark_accessed', 'tlb_remove_check_page_size_change', 'touch_atime', 'memset', 'memcpy', 'init_rwsem',
    'kref_init', 'mm_dec_nr_pmds', 'mm_inc_nr_pmds', 'folio_wait_stable', 'mem_cgroup_uncharge',
    '__mod_lruvec_page_state', '__mod_node_page_state', '__mod_lruvec_state', '__lruvec_stat_mod_folio',
    'hugetlb_count_sub', 'hugetlb_count_add', 'update_mmu_cache', 'update_mmu_cache_pmd', 'free_swap_and_cache'])
    t[n] = nop();
  t.copy_mc_highpage = nop(0);
  t.copy_mc_user_highpage = nop(0);
  return t;
}
