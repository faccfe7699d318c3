// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmreview reference kernel: khugepaged file collapse, as in Linux v6.3 (read in 6.3.8),
 * i.e. before D. Stevens' "fix khugepaged+shmem races" series (6.4).
 *
 * Written for mmreview in our own words. It keeps the upstream call order, lock nesting and
 * reference counting of collapse_file() and retract_page_tables(), and the upstream variable
 * names (hpage, page, xas, index, start, end, nr_none, pagelist, result, is_shmem), so that a
 * hunk written against upstream can be anchored on it. Statistics, tracepoints and debug
 * assertions that do not change concurrency are left out or kept only as plain calls.
 *
 * What matters for the races (mm-reference §C.1):
 *  - hpage is locked and NOT uptodate while the scan runs;
 *  - holes are filled with hpage during the scan;
 *  - a present page is frozen (page_ref_freeze(page, 3)) and replaced by hpage inside ONE
 *    xa_lock hold, so a frozen page is never findable once xa_lock is dropped;
 *  - the final multi-index store happens before the copy; folio_mark_uptodate after the copy;
 *  - rollback puts every old page back into its slot and the holes back to NULL.
 */

static int alloc_charge_hpage(struct page **hpage, struct mm_struct *mm,
			      struct collapse_control *cc)
{
	gfp_t gfp = GFP_TRANSHUGE;
	int node = hpage_collapse_find_target_node(cc);

	/*
	 * One new compound page; the caller owns its only reference. (6.3 does this in
	 * hpage_collapse_alloc_page(); folded in here so the out-parameter is set directly.)
	 */
	*hpage = __alloc_pages(gfp, HPAGE_PMD_ORDER, node, &cc->alloc_nmask);
	if (!*hpage)
		return SCAN_ALLOC_HUGE_PAGE_FAIL;
	prep_transhuge_page(*hpage);
	if (mem_cgroup_charge(page_folio(*hpage), mm, gfp)) {
		put_page(*hpage);
		*hpage = NULL;
		return SCAN_CGROUP_CHARGE_FAIL;
	}
	return SCAN_SUCCEED;
}

/* The PMD covering address, if it points at a PTE table (not none, not huge, not bad). */
static int find_pmd_or_thp_or_none(struct mm_struct *mm, unsigned long address, pmd_t **pmd)
{
	pmd_t pmde;

	*pmd = mm_find_pmd(mm, address);
	if (!*pmd)
		return SCAN_PMD_NULL;
	pmde = pmdp_get_lockless(*pmd);
	if (!pmd_present(pmde))
		return SCAN_PMD_NULL;
	if (pmd_trans_huge(pmde))
		return SCAN_PMD_MAPPED;
	if (pmd_bad(pmde))
		return SCAN_PMD_NULL;
	return SCAN_SUCCEED;
}

/*
 * Clear the PMD that points at a page table full of none PTEs, inside a CLEAR notifier
 * bracket, make sure no GUP-fast walker still looks at the table, then free it.
 */
static void collapse_and_free_pmd(struct mm_struct *mm, struct vm_area_struct *vma,
				  unsigned long addr, pmd_t *pmdp)
{
	struct mmu_notifier_range range;
	pmd_t pmd;

	mmap_assert_write_locked(mm);
	mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, NULL, mm, addr,
				addr + HPAGE_PMD_SIZE);
	mmu_notifier_invalidate_range_start(&range);
	pmd = pmdp_collapse_flush(vma, addr, pmdp);
	tlb_remove_table_sync_one();
	mmu_notifier_invalidate_range_end(&range);
	mm_dec_nr_ptes(mm);
	page_table_check_pte_clear_range(mm, addr, pmd);
	pte_free(mm, pmd_pgtable(pmd));
}

/*
 * Walk every VMA mapping the collapsed range and drop its PTE table, so the next fault can
 * map the huge page with a PMD. i_mmap_rwsem is held for write across the walk; the mm's
 * mmap_lock is only trylocked (we already hold i_mmap_rwsem, the usual order is reversed).
 */
static int retract_page_tables(struct address_space *mapping, pgoff_t pgoff,
			       struct mm_struct *target_mm,
			       unsigned long target_addr, struct page *hpage,
			       struct collapse_control *cc)
{
	struct vm_area_struct *vma;
	int target_result = SCAN_FAIL;

	i_mmap_lock_write(mapping);
	vma_interval_tree_foreach(vma, &mapping->i_mmap, pgoff, pgoff) {
		int result = SCAN_FAIL;
		struct mm_struct *mm = NULL;
		unsigned long addr = 0;
		pmd_t *pmd;
		bool is_target = false;

		/* An anon_vma means COWed pages may live in this table. */
		if (vma->anon_vma) {
			result = SCAN_PAGE_ANON;
			goto next;
		}
		addr = vma->vm_start + ((pgoff - vma->vm_pgoff) << PAGE_SHIFT);
		if (addr & ~HPAGE_PMD_MASK || vma->vm_end < addr + HPAGE_PMD_SIZE) {
			result = SCAN_VMA_CHECK;
			goto next;
		}
		mm = vma->vm_mm;
		is_target = mm == target_mm && addr == target_addr;
		result = find_pmd_or_thp_or_none(mm, addr, &pmd);
		if (result != SCAN_SUCCEED)
			goto next;
		if ((cc->is_khugepaged || is_target) && mmap_write_trylock(mm)) {
			if (hpage_collapse_test_exit(mm)) {
				result = SCAN_ANY_PROCESS;
				goto unlock_next;
			}
			if (userfaultfd_wp(vma)) {
				result = SCAN_PTE_UFFD_WP;
				goto unlock_next;
			}
			collapse_and_free_pmd(mm, vma, addr, pmd);
			if (!cc->is_khugepaged && is_target)
				result = set_huge_pmd(vma, addr, pmd, hpage);
			else
				result = SCAN_SUCCEED;
unlock_next:
			mmap_write_unlock(mm);
			goto next;
		}
		/* Could not get the mmap_lock: khugepaged retries the table later. */
		if (cc->is_khugepaged)
			khugepaged_add_pte_mapped_thp(mm, addr);
next:
		if (is_target)
			target_result = result;
	}
	i_mmap_unlock_write(mapping);
	return target_result;
}

/*
 * Collapse the HPAGE_PMD_NR small pages of [start, start + HPAGE_PMD_NR) of a shmem (or
 * read-only file) mapping into one huge page. Called without mmap_lock; the caller holds a
 * reference on the file.
 */
static int collapse_file(struct mm_struct *mm, unsigned long addr,
			 struct file *file, pgoff_t start,
			 struct collapse_control *cc)
{
	struct address_space *mapping = file->f_mapping;
	struct page *hpage;
	struct page *page;
	struct page *tmp;
	struct folio *folio;
	pgoff_t index = 0, end = start + HPAGE_PMD_NR;
	LIST_HEAD(pagelist);
	XA_STATE_ORDER(xas, &mapping->i_pages, start, HPAGE_PMD_ORDER);
	int nr_none = 0, result = SCAN_SUCCEED;
	bool is_shmem = shmem_file(file);
	int nr;

	result = alloc_charge_hpage(&hpage, mm, cc);
	if (result != SCAN_SUCCEED)
		goto out;

	/* Make sure every slot of the range exists before we start replacing entries. */
	do {
		xas_lock_irq(&xas);
		xas_create_range(&xas);
		if (!xas_error(&xas))
			break;
		xas_unlock_irq(&xas);
		if (!xas_nomem(&xas, GFP_KERNEL)) {
			result = SCAN_FAIL;
			goto out;
		}
	} while (1);

	/* hpage is private to us: lock it without atomics. It is not uptodate. */
	__SetPageLocked(hpage);
	if (is_shmem)
		__SetPageSwapBacked(hpage);
	hpage->index = start;
	hpage->mapping = mapping;

	/*
	 * From here on hpage goes into the page cache while still locked and !uptodate:
	 * anyone who wants to use it has to take the page lock and wait for us.
	 */
	xas_set(&xas, start);
	for (index = start; index < end; index++) {
		page = xas_next(&xas);

		VM_BUG_ON(index != xas.xa_index);
		if (is_shmem) {
			if (!page) {
				/* A hole: give up if the whole range is empty (truncated). */
				if (index == start) {
					if (!xas_next_entry(&xas, end - 1)) {
						result = SCAN_TRUNCATED;
						goto xa_locked;
					}
					xas_set(&xas, index);
				}
				if (!shmem_charge(mapping->host, 1)) {
					result = SCAN_FAIL;
					goto xa_locked;
				}
				xas_store(&xas, hpage);
				nr_none++;
				continue;
			}

			if (xa_is_value(page) || !PageUptodate(page)) {
				/* Swapped out or fallocated: bring it in, it comes back locked. */
				xas_unlock_irq(&xas);
				if (shmem_get_folio(mapping->host, index, &folio, SGP_NOALLOC)) {
					result = SCAN_FAIL;
					goto xa_unlocked;
				}
				page = folio_file_page(folio, index);
			} else if (trylock_page(page)) {
				get_page(page);
				xas_unlock_irq(&xas);
			} else {
				result = SCAN_PAGE_LOCK;
				goto xa_locked;
			}
		} else {
			/* Read-only file THP: only clean, present, unlocked pages are collapsed. */
			if (!page || xa_is_value(page)) {
				result = SCAN_TRUNCATED;
				goto xa_locked;
			}
			if (!trylock_page(page)) {
				result = SCAN_PAGE_LOCK;
				goto xa_locked;
			}
			get_page(page);
			xas_unlock_irq(&xas);
		}

		/* Page lock held, xa_lock dropped: truncation cannot race with us. */
		if (unlikely(!PageUptodate(page))) {
			result = SCAN_FAIL;
			goto out_unlock;
		}
		if (PageTransCompound(page)) {
			result = SCAN_PAGE_COMPOUND;
			goto out_unlock;
		}
		folio = page_folio(page);
		if (folio_mapping(folio) != mapping) {
			result = SCAN_TRUNCATED;
			goto out_unlock;
		}
		if (!is_shmem && (folio_test_dirty(folio) || folio_test_writeback(folio))) {
			result = SCAN_FAIL;
			goto out_unlock;
		}
		if (!folio_isolate_lru(folio)) {
			result = SCAN_DEL_PAGE_LRU;
			goto out_unlock;
		}
		if (folio_has_private(folio) && !filemap_release_folio(folio, GFP_KERNEL)) {
			result = SCAN_PAGE_HAS_PRIVATE;
			folio_putback_lru(folio);
			goto out_unlock;
		}
		/* rmap walk: each mapping PTE cleared under its PTL, TLB flush batched. */
		if (folio_mapped(folio))
			try_to_unmap(folio, TTU_IGNORE_MLOCK | TTU_BATCH_FLUSH);

		xas_lock_irq(&xas);
		xas_set(&xas, index);

		/*
		 * With CONFIG_DEBUG_VM this load also makes the cursor valid again, so the next
		 * xas_next() advances (R-C5 once the store below was gone).
		 */
		VM_BUG_ON_PAGE(page != xas_load(&xas), page);

		/* Expected: our pin, the page cache, the LRU isolation. */
		if (!page_ref_freeze(page, 3)) {
			result = SCAN_PAGE_COUNT;
			xas_unlock_irq(&xas);
			putback_lru_page(page);
			goto out_unlock;
		}

		/* Remember it for the copy or for the rollback. */
		list_add_tail(&page->lru, &pagelist);

		/* Same xa_lock hold as the freeze: the frozen page leaves the cache at once. */
		xas_store(&xas, hpage);
		continue;
out_unlock:
		unlock_page(page);
		put_page(page);
		goto xa_unlocked;
	}
	nr = thp_nr_pages(hpage);

	if (!is_shmem) {
		filemap_nr_thps_inc(mapping);
		/* Pairs with the barrier in do_dentry_open(): no writer may have appeared. */
		smp_mb();
		if (inode_is_open_for_write(mapping->host)) {
			result = SCAN_FAIL;
			filemap_nr_thps_dec(mapping);
			goto xa_locked;
		}
	}
	if (nr_none)
		__mod_lruvec_page_state(hpage, NR_SHMEM, nr_none);

	/* One multi-index entry for the whole range. */
	xas_set_order(&xas, start, HPAGE_PMD_ORDER);
	xas_store(&xas, hpage);
xa_locked:
	xas_unlock_irq(&xas);
xa_unlocked:
	/* The TLB flush batched by try_to_unmap() must happen before the copy. */
	try_to_unmap_flush();

	if (result == SCAN_SUCCEED) {
		/* The page cache now points at hpage everywhere: copy and free the old pages. */
		index = start;
		list_for_each_entry_safe(page, tmp, &pagelist, lru) {
			while (index < page->index) {
				clear_highpage(hpage + (index % HPAGE_PMD_NR));
				index++;
			}
			copy_highpage(hpage + (page->index % HPAGE_PMD_NR), page);
			list_del(&page->lru);
			page->mapping = NULL;
			page_ref_unfreeze(page, 1);
			ClearPageActive(page);
			ClearPageUnevictable(page);
			unlock_page(page);
			put_page(page);
			index++;
		}
		while (index < end) {
			clear_highpage(hpage + (index % HPAGE_PMD_NR));
			index++;
		}

		folio = page_folio(hpage);
		folio_mark_uptodate(folio);
		folio_ref_add(folio, HPAGE_PMD_NR - 1);
		if (is_shmem)
			folio_mark_dirty(folio);
		folio_add_lru(folio);

		/* Drop the PTE tables so the range can be faulted in with one PMD. */
		result = retract_page_tables(mapping, start, mm, addr, hpage, cc);
		unlock_page(hpage);
		hpage = NULL;
	} else {
		/* Undo: holes back to NULL, every old page unfrozen and back in its slot. */
		xas_lock_irq(&xas);
		if (nr_none) {
			mapping->nrpages -= nr_none;
			shmem_uncharge(mapping->host, nr_none);
		}

		xas_set(&xas, start);
		xas_for_each(&xas, page, end - 1) {
			page = list_first_entry_or_null(&pagelist, struct page, lru);
			if (!page || xas.xa_index < page->index) {
				if (!nr_none)
					break;
				nr_none--;
				xas_store(&xas, NULL);
				continue;
			}

			VM_BUG_ON_PAGE(page->index != xas.xa_index, page);

			list_del(&page->lru);
			page_ref_unfreeze(page, 2);
			xas_store(&xas, page);
			xas_pause(&xas);
			xas_unlock_irq(&xas);
			unlock_page(page);
			putback_lru_page(page);
			xas_lock_irq(&xas);
		}
		VM_BUG_ON(nr_none);
		xas_unlock_irq(&xas);

		hpage->mapping = NULL;
	}

	if (hpage)
		unlock_page(hpage);
out:
	if (hpage) {
		mem_cgroup_uncharge(page_folio(hpage));
		put_page(hpage);
	}
	return result;
}
