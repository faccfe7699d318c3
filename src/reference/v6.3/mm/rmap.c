// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmreview reference kernel: folio_mkclean() for a file folio, as in Linux v6.3 (mm/rmap.c, read in
 * 6.3.8). Written for mmreview in our own words.
 *
 * What matters (mm-reference A-I4, R-A1): folio_mkclean() first asks, without any lock, whether the
 * folio is mapped at all and returns 0 if not. Otherwise it walks the file's VMAs under i_mmap_rwsem
 * (read) and, for each, takes the PTL of the PTE that may map the folio (PVMW_SYNC: even when that
 * PTE is none, which is what makes it wait for a zap still holding the PTL), write-protects and
 * cleans a mapping PTE with a TLB flush, and counts it.
 *
 * Simplifications (same visible operations, same order):
 *  - rmap_walk() / rmap_walk_file() with an rmap_walk_control of callbacks becomes a walk that calls
 *    invalid_mkclean_vma() and page_mkclean_one() directly (the lowering does not follow function
 *    pointers);
 *  - page_vma_mapped_walk() for a small folio is the PMD lookup (mm_find_pmd, pinned by scenarios)
 *    and the one PTE under its PTL; PMD-mapped THPs are not modelled;
 *  - the model's PTE has no bits: pte_dirty() / pte_write() are what the scenario pins.
 */

#define VM_SHARED	0x00000008
/* upstream enum mmu_notifier_event, in the model's numbering (UNMAP 1, CLEAR 2, ...) */
#define MMU_NOTIFY_PROTECTION_PAGE	4

/* Mirrors invalid_mkclean_vma() of 6.3: only shared mappings can dirty a file page. */
static bool invalid_mkclean_vma(struct vm_area_struct *vma, void *arg)
{
	if (vma->vm_flags & VM_SHARED)
		return false;
	return true;
}

/* Mirrors vma_address() of 6.3 for a page inside the VMA. */
static inline unsigned long vma_address(struct folio *folio, struct vm_area_struct *vma)
{
	return vma->vm_start + ((folio->index - vma->vm_pgoff) << PAGE_SHIFT);
}

/*
 * Mirrors page_vma_mkclean_one() / page_mkclean_one() of 6.3 for a PTE-mapped small folio:
 * returns how many PTEs it cleaned (0 or 1).
 */
static int page_mkclean_one(struct folio *folio, struct vm_area_struct *vma,
			    unsigned long address)
{
	struct mmu_notifier_range range;
	spinlock_t *ptl;
	pmd_t *pmd;
	pte_t *pte;
	pte_t entry;
	int cleaned = 0;

	/* secondary MMUs drop their writable view too (range: this page) */
	mmu_notifier_range_init(&range, MMU_NOTIFY_PROTECTION_PAGE, 0, vma,
				vma->vm_mm, address, address + PAGE_SIZE);
	mmu_notifier_invalidate_range_start(&range);

	pmd = mm_find_pmd(vma->vm_mm, address);
	if (pmd) {
		/* PVMW_SYNC: the PTL is taken whatever the PTE holds */
		pte = pte_offset_map_lock(vma->vm_mm, pmd, address, &ptl);
		entry = ptep_get(pte);
		if (pte_present(entry) && pte_page(entry) == folio_page(folio, 0) &&
		    (pte_dirty(entry) || pte_write(entry))) {
			flush_cache_page(vma, address, pte_pfn(entry));
			entry = ptep_clear_flush(vma, address, pte);
			entry = pte_wrprotect(entry);
			entry = pte_mkclean(entry);
			set_pte_at(vma->vm_mm, address, pte, entry);
			cleaned = 1;
		}
		pte_unmap_unlock(pte, ptl);
	}

	mmu_notifier_invalidate_range_end(&range);

	return cleaned;
}

/* Mirrors rmap_walk_file() of 6.3 with the mkclean callbacks called directly. */
static int rmap_walk_file_mkclean(struct folio *folio, struct address_space *mapping)
{
	pgoff_t pgoff_start = folio->index;
	pgoff_t pgoff_end = pgoff_start + folio_nr_pages(folio) - 1;
	struct vm_area_struct *vma;
	int cleaned = 0;

	i_mmap_lock_read(mapping);
	vma_interval_tree_foreach(vma, &mapping->i_mmap, pgoff_start, pgoff_end) {
		unsigned long address = vma_address(folio, vma);

		if (invalid_mkclean_vma(vma, NULL))
			continue;
		cleaned += page_mkclean_one(folio, vma, address);
	}
	i_mmap_unlock_read(mapping);
	return cleaned;
}

/*
 * Mirrors folio_mkclean() of 6.3: the folio is locked by the caller (writeback). The "mapped?" test
 * is lockless: a folio whose last rmap is already gone is reported clean without any PTL.
 */
int folio_mkclean(struct folio *folio)
{
	struct address_space *mapping;

	BUG_ON(!folio_test_locked(folio));

	if (!folio_mapped(folio))
		return 0;

	mapping = folio_mapping(folio);
	if (!mapping)
		return 0;

	return rmap_walk_file_mkclean(folio, mapping);
}
