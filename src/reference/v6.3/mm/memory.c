// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmreview reference kernel: the zap (unmap) path of Linux v6.3 (mm/memory.c, read in 6.3.8), with
 * the delayed rmap removal of 5df397dec7c4 (v6.2). Used by the zap rules (mm-reference §A).
 *
 * Written for mmreview in our own words; each function says which upstream function it mirrors.
 * What matters (A.2): zap_pte_range() clears each PTE under the table's PTL and records it in the
 * mmu_gather; a dirty file page gets PG_dirty from the PTE, is queued with the "delay rmap" bit and
 * forces a flush; before the PTL is dropped the TLB is flushed and only then the delayed rmaps are
 * removed (tlb_flush_rmaps); the gathered pages are released after the flush (tlb_flush_mmu).
 *
 * Simplifications (same visible operations, same order):
 *  - the pgd/p4d/pud levels are folded: the scenario has one PMD (pmd_offset is pinned to its table)
 *    and zap_pmd_range() has no THP / PMD-migration branch (no huge PMD in the zap scenarios);
 *  - PTEs are either none or map a page: the swap / migration / device / marker branch of
 *    zap_pte_range() is left out, as are uffd-wp markers (zap_install_uffd_wp_if_needed);
 *  - the model's PTE is the page it maps: pte_dirty(), pte_young() and PageAnon() are what a
 *    scenario pins (a dirty shared file page, or an anonymous page);
 *  - need_resched() is 0 and __tlb_remove_page() never reports a full batch, so the "again" pass
 *    runs once.
 */

/* Mirrors should_zap_page() of 6.3: without details everything is zapped, else anon pages are kept. */
static inline bool should_zap_page(struct zap_details *details, struct page *page)
{
	if (!details)
		return true;
	if (details->even_cows)
		return true;
	if (!page)
		return true;
	return !PageAnon(page);
}

static inline void init_rss_vec(int *rss)
{
	memset(rss, 0, sizeof(int) * NR_MM_COUNTERS);
}

/*
 * Mirrors zap_pte_range() of 6.3: one pass over the PTEs of [addr, end) of one table, under its PTL.
 */
static unsigned long zap_pte_range(struct mmu_gather *tlb,
				   struct vm_area_struct *vma, pmd_t *pmd,
				   unsigned long addr, unsigned long end,
				   struct zap_details *details)
{
	struct mm_struct *mm = tlb->mm;
	int force_flush = 0;
	int rss[NR_MM_COUNTERS];
	spinlock_t *ptl;
	pte_t *start_pte;
	pte_t *pte;

	tlb_change_page_size(tlb, PAGE_SIZE);
again:
	init_rss_vec(rss);
	start_pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
	pte = start_pte;
	/* reclaim may have left batched TLB flushes for this mm pending */
	flush_tlb_batched_pending(mm);
	arch_enter_lazy_mmu_mode();
	do {
		pte_t ptent = *pte;
		struct page *page;
		unsigned int delay_rmap;

		if (pte_none(ptent))
			continue;
		if (need_resched())
			break;
		if (!pte_present(ptent))
			continue;

		page = vm_normal_page(vma, addr, ptent);
		if (unlikely(!should_zap_page(details, page)))
			continue;
		/* take the entry out first; its dirty bit travels with the returned value */
		ptent = ptep_get_and_clear_full(mm, addr, pte, tlb->fullmm);
		tlb_remove_tlb_entry(tlb, pte, addr);
		if (unlikely(!page))
			continue;

		delay_rmap = 0;
		if (!PageAnon(page)) {
			if (pte_dirty(ptent)) {
				set_page_dirty(page);
				/*
				 * Keep the page in the rmap until the TLB flush below: another CPU may still
				 * write through its cached entry, and folio_mkclean() only looks for mappings
				 * while the page is mapped.
				 */
				if (tlb_delay_rmap(tlb)) {
					delay_rmap = 1;
					force_flush = 1;
				}
			}
			if (pte_young(ptent) && likely(vma_has_recency(vma)))
				mark_page_accessed(page);
		}
		rss[mm_counter(page)]--;
		if (!delay_rmap) {
			page_remove_rmap(page, vma, false);
			if (unlikely(page_mapcount(page) < 0))
				print_bad_pte(vma, addr, ptent, page);
		}
		if (unlikely(__tlb_remove_page(tlb, page, delay_rmap))) {
			force_flush = 1;
			addr += PAGE_SIZE;
			break;
		}
	} while (pte++, addr += PAGE_SIZE, addr != end);

	add_mm_rss_vec(mm, rss);
	arch_leave_lazy_mmu_mode();

	/* dirty entries must be gone from every TLB before rmap walkers can get the PTL */
	if (force_flush) {
		tlb_flush_mmu_tlbonly(tlb);
		tlb_flush_rmaps(tlb, vma);
	}
	pte_unmap_unlock(start_pte, ptl);

	/* the flush is done: the gathered pages may be released now */
	if (force_flush)
		tlb_flush_mmu(tlb);

	if (addr != end) {
		cond_resched();
		goto again;
	}

	return addr;
}

/* Mirrors zap_pmd_range() of 6.3 for a range inside one PTE table (one PMD, no huge PMD). */
static inline unsigned long zap_pmd_range(struct mmu_gather *tlb,
					  struct vm_area_struct *vma, pud_t *pud,
					  unsigned long addr, unsigned long end,
					  struct zap_details *details)
{
	pmd_t *pmd = pmd_offset(pud, addr);

	if (pmd_none_or_trans_huge_or_clear_bad(pmd))
		return end;
	addr = zap_pte_range(tlb, vma, pmd, addr, end, details);
	cond_resched();
	return addr;
}

/* Mirrors unmap_page_range() of 6.3 with the upper page-table levels folded. */
void unmap_page_range(struct mmu_gather *tlb,
		      struct vm_area_struct *vma,
		      unsigned long addr, unsigned long end,
		      struct zap_details *details)
{
	pud_t *pud;

	tlb_start_vma(tlb, vma);
	pud = pud_offset(p4d_offset(pgd_offset(vma->vm_mm, addr), addr), addr);
	zap_pmd_range(tlb, vma, pud, addr, end, details);
	tlb_end_vma(tlb, vma);
}

/* Mirrors unmap_single_vma() of 6.3: clamp to the VMA, then hugetlb or ordinary page tables. */
static void unmap_single_vma(struct mmu_gather *tlb,
			     struct vm_area_struct *vma, unsigned long start_addr,
			     unsigned long end_addr,
			     struct zap_details *details)
{
	unsigned long start = vma->vm_start > start_addr ? vma->vm_start : start_addr;
	unsigned long end;

	if (start >= vma->vm_end)
		return;
	end = vma->vm_end < end_addr ? vma->vm_end : end_addr;
	if (end <= vma->vm_start)
		return;

	if (vma->vm_file)
		uprobe_munmap(vma, start, end);

	if (start != end) {
		if (unlikely(is_vm_hugetlb_page(vma))) {
			/* a hugetlbfs VMA without its file is being torn down by mmap_region's error path */
			if (vma->vm_file) {
				zap_flags_t zap_flags = details ? details->zap_flags : 0;
				__unmap_hugepage_range_final(tlb, vma, start, end, NULL, zap_flags);
			}
		} else
			unmap_page_range(tlb, vma, start, end, details);
	}
}

/*
 * Mirrors zap_page_range_single() of 6.3: a CLEAR notifier bracket (widened for hugetlb PMD
 * sharing) around the unmap of [address, address + size) inside one mmu_gather.
 */
void zap_page_range_single(struct vm_area_struct *vma, unsigned long address,
			   unsigned long size, struct zap_details *details)
{
	const unsigned long end = address + size;
	struct mmu_notifier_range range;
	struct mmu_gather tlb;

	lru_add_drain();
	mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, vma, vma->vm_mm,
				address, end);
	if (is_vm_hugetlb_page(vma))
		adjust_range_if_pmd_sharing_possible(vma, &range.start,
						     &range.end);
	tlb_gather_mmu(&tlb, vma->vm_mm);
	update_hiwater_rss(vma->vm_mm);
	mmu_notifier_invalidate_range_start(&range);
	/* the unwidened range: only the notifier covers what PMD sharing may drop */
	unmap_single_vma(&tlb, vma, address, end, details);
	mmu_notifier_invalidate_range_end(&range);
	tlb_finish_mmu(&tlb);
}

/* Mirrors zap_vma_pages() of 6.3 (include/linux/mm.h): the whole VMA. */
void zap_vma_pages(struct vm_area_struct *vma)
{
	zap_page_range_single(vma, vma->vm_start,
			      vma->vm_end - vma->vm_start, NULL);
}

/*
 * Not kernel code: the hardware side of mm-reference R-A1 (T2). A user thread on another CPU stores
 * nr times to addr: through its CPU's cached translation while one exists (no fault, PG_dirty not
 * touched), else through a page-table walk that marks the mapping dirty, else the store faults.
 */
void mmr_user_stores(struct mm_struct *mm, unsigned long addr, int nr)
{
	int i;

	for (i = 0; i < nr; i++)
		mmr_user_store(addr);
}
