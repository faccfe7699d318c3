// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmreview reference kernel: khugepaged file collapse in the intermediate state that
 * "[PATCH v5 3/3] mm/khugepaged: maintain page cache uptodate flag" (D. Stevens, 7 Mar 2023)
 * was written on: Linux v6.3 (mm-unstable of March 2023, with 12904d953364 "recover from
 * poisoned file-backed memory") plus patches 1/3 and 2/3 of the same v5 series, which landed
 * in 6.4 as cae106dd67b9 ("refactor collapse_file control flow") and ac492b9c70ca ("skip
 * shmem with userfaultfd").
 *
 * Written for mmreview in our own words; same call order, locks and refcounts as that state,
 * same variable names as upstream. Differences from the plain 6.3 reference (../../v6.3):
 *  - 1/3: hpage is locked and initialised before xas_create_range(); every failure after the
 *    allocation goes to one rollback: label; the copy (copy_mc_highpage, may fail) happens
 *    before the final multi-index store, old pages are freed after it;
 *  - 2/3: holes are only counted during the scan (no hpage store); at commit time, under
 *    i_mmap_rwsem (read) and xa_lock, every hole gets an XA_RETRY_ENTRY, the count is
 *    rechecked and a VMA with a userfaultfd MISSING registrant aborts the collapse.
 * Present pages are still frozen and replaced by hpage under one xa_lock hold (what 3/3
 * changes).
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
 * Collapse [start, start + HPAGE_PMD_NR) of a shmem (or read-only file) mapping into one
 * huge page. Called without mmap_lock; the caller holds a reference on the file.
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

	/* Lock and name hpage first, so that every later failure can share the rollback. */
	__SetPageLocked(hpage);
	if (is_shmem)
		__SetPageSwapBacked(hpage);
	hpage->index = start;
	hpage->mapping = mapping;

	/* Make sure every slot of the range exists before we start replacing entries. */
	do {
		xas_lock_irq(&xas);
		xas_create_range(&xas);
		if (!xas_error(&xas))
			break;
		xas_unlock_irq(&xas);
		if (!xas_nomem(&xas, GFP_KERNEL)) {
			result = SCAN_FAIL;
			goto rollback;
		}
	} while (1);

	/*
	 * hpage is locked and !uptodate; present pages are replaced by it one at a time below,
	 * so lookups meet a locked page and sleep on its lock.
	 */

	xas_set(&xas, start);
	for (index = start; index < end; index++) {
		page = xas_next(&xas);

		VM_BUG_ON(index != xas.xa_index);
		if (is_shmem) {
			if (!page) {
				/* A hole: only counted now, filled at commit time. */
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

		/*
		 * Keep it on our list: the copy reads it, the rollback puts it back.
		 */
		list_add_tail(&page->lru, &pagelist);

		/* Same xa_lock hold as the freeze: the frozen page leaves the cache at once. */
		xas_store(&xas, hpage);
		continue;
out_unlock:
		unlock_page(page);
		put_page(page);
		goto xa_unlocked;
	}

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

xa_locked:
	xas_unlock_irq(&xas);
xa_unlocked:
	/* The TLB flush batched by try_to_unmap() must happen before the copy. */
	try_to_unmap_flush();

	if (result != SCAN_SUCCEED)
		goto rollback;

	/*
	 * hpage already sits in the slots of the old pages; fill it in. A machine check while
	 * reading an old page aborts the collapse.
	 */
	index = start;
	list_for_each_entry(page, &pagelist, lru) {
		while (index < page->index) {
			clear_highpage(hpage + (index % HPAGE_PMD_NR));
			index++;
		}
		if (copy_mc_highpage(hpage + (page->index % HPAGE_PMD_NR), page) > 0) {
			result = SCAN_COPY_MC;
			goto rollback;
		}
		index++;
	}
	while (index < end) {
		clear_highpage(hpage + (index % HPAGE_PMD_NR));
		index++;
	}

	if (nr_none) {
		struct vm_area_struct *vma;
		int nr_none_check = 0;

		/* Fill the holes with retry entries, under i_mmap_rwsem so no new VMA appears. */
		i_mmap_lock_read(mapping);
		xas_lock_irq(&xas);

		xas_set(&xas, start);
		for (index = start; index < end; index++) {
			if (!xas_next(&xas)) {
				xas_store(&xas, XA_RETRY_ENTRY);
				if (xas_error(&xas)) {
					result = SCAN_STORE_FAILED;
					goto immap_locked;
				}
				nr_none_check++;
			}
		}

		if (nr_none != nr_none_check) {
			result = SCAN_PAGE_FILLED;
			goto immap_locked;
		}

		/* A MISSING registrant expects a fault on a hole: filling it would hide that. */
		vma_interval_tree_foreach(vma, &mapping->i_mmap, start, end) {
			if (userfaultfd_missing(vma)) {
				result = SCAN_EXCEED_NONE_PTE;
				goto immap_locked;
			}
		}

immap_locked:
		i_mmap_unlock_read(mapping);
		if (result != SCAN_SUCCEED) {
			xas_set(&xas, start);
			for (index = start; index < end; index++) {
				if (xas_next(&xas) == XA_RETRY_ENTRY)
					xas_store(&xas, NULL);
			}

			xas_unlock_irq(&xas);
			goto rollback;
		}
	} else {
		xas_lock_irq(&xas);
	}

	nr = thp_nr_pages(hpage);
	if (nr_none) {
		__mod_lruvec_page_state(hpage, NR_FILE_PAGES, nr_none);
		/* Holes only exist in shmem. */
		__mod_lruvec_page_state(hpage, NR_SHMEM, nr_none);
	}
	/* One multi-index entry for the whole range. */
	xas_set_order(&xas, start, HPAGE_PMD_ORDER);
	xas_store(&xas, hpage);
	xas_unlock_irq(&xas);

	folio = page_folio(hpage);
	folio_mark_uptodate(folio);
	folio_ref_add(folio, HPAGE_PMD_NR - 1);

	if (is_shmem)
		folio_mark_dirty(folio);
	folio_add_lru(folio);

	/*
	 * Drop the PTE tables so the range can be faulted in with one PMD.
	 */
	result = retract_page_tables(mapping, start, mm, addr, hpage, cc);
	unlock_page(hpage);

	/* The old pages are unreachable now: unfreeze to our last reference and free them. */
	list_for_each_entry_safe(page, tmp, &pagelist, lru) {
		list_del(&page->lru);
		page->mapping = NULL;
		page_ref_unfreeze(page, 1);
		ClearPageActive(page);
		ClearPageUnevictable(page);
		unlock_page(page);
		put_page(page);
	}

	goto out;

rollback:
	/* Put the page cache back as we found it. */
	xas_lock_irq(&xas);
	if (nr_none) {
		mapping->nrpages -= nr_none;
		shmem_uncharge(mapping->host, nr_none);
	}

	xas_set(&xas, start);
	end = index;
	for (index = start; index < end; index++) {
		xas_next(&xas);
		page = list_first_entry_or_null(&pagelist, struct page, lru);
		if (!page || xas.xa_index < page->index) {
			nr_none--;
			continue;
		}

		VM_BUG_ON_PAGE(page->index != xas.xa_index, page);

		/* Back to the cache's and the isolation's references, then into its slot. */
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
	/*
	 * filemap_nr_thps_inc() is only undone here when the copy failed; earlier failures
	 * undid it on the spot.
	 */
	if (!is_shmem && result == SCAN_COPY_MC)
		filemap_nr_thps_dec(mapping);

	xas_unlock_irq(&xas);

	hpage->mapping = NULL;

	unlock_page(hpage);
	put_page(hpage);
out:
	return result;
}
