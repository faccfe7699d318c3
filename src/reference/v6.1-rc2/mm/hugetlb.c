// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmreview reference kernel: the hugetlb unmap path with the per-VMA "vma_lock", as in
 * Linux v6.1-rc2 (Oct 2022), i.e. after Mike Kravetz's "hugetlb: use new vma_lock for pmd
 * sharing synchronization" series and before 04ada095dcfc / 21b85b09527c (the MADV_DONTNEED
 * fix) and 369258ce41c6 (duplicate notifications removed, 6.2).
 *
 * Written for mmreview in our own words. Each function keeps the upstream call order, lock
 * nesting and variable names of its 6.1-rc2 counterpart (named in its comment), so that hunks
 * written against upstream anchor on it. What matters (mm-reference §B.2):
 *  - __unmap_hugepage_range() opens its own UNMAP notifier bracket, widened to the PUD-aligned
 *    worst case, around the walk (nested in the caller's bracket);
 *  - __unmap_hugepage_range_final() takes the vma_lock (W) then i_mmap_rwsem (W), unmaps, and
 *    ALWAYS frees the vma_lock before dropping i_mmap_rwsem, whoever the caller is (R-B2);
 *  - huge_pmd_share() adopts another VMA's PMD page under i_mmap_rwsem (R), only from a VMA
 *    that still has its vma_lock.
 * Deliberate differences, same visible operations in the same order: the hugetlb vma_lock
 * helpers are the primitive table's (docs/model.md, "Lowering"); "does the VMA have its lock"
 * is asked with __vma_shareable_flags_pmd() (6.1 spells it vma->vm_private_data in
 * page_table_shareable); in huge_pmd_share() a pud_t * is the VMA whose PUD it is and
 * pud_populate() makes it point at the PMD page holding spte; min/max are written out.
 */

/* 6.1-rc2 hugetlb_vma_lock_alloc(): only shareable VMAs without a lock get one. */
static void hugetlb_vma_lock_alloc(struct vm_area_struct *vma)
{
	struct hugetlb_vma_lock *vma_lock;

	if (!vma || !(vma->vm_flags & VM_MAYSHARE) || vma->vm_private_data)
		return;
	vma_lock = kmalloc(sizeof(*vma_lock), GFP_KERNEL);
	if (!vma_lock)
		return;
	kref_init(&vma_lock->refs);
	init_rwsem(&vma_lock->rw_sema);
	vma_lock->vma = vma;
	vma->vm_private_data = vma_lock;
}

/* 6.1-rc2: detach the lock from the vma, release it, drop the object's reference. */
static void __hugetlb_vma_unlock_write_put(struct hugetlb_vma_lock *vma_lock)
{
	struct vm_area_struct *vma = vma_lock->vma;

	vma_lock->vma = NULL;
	vma->vm_private_data = NULL;
	up_write(&vma_lock->rw_sema);
	kref_put(&vma_lock->refs, hugetlb_vma_lock_release);
}

/* 6.1-rc2: the caller holds the lock for write; free it if the vma has one. */
static void __hugetlb_vma_unlock_write_free(struct vm_area_struct *vma)
{
	if (__vma_shareable_flags_pmd(vma)) {
		struct hugetlb_vma_lock *vma_lock = vma->vm_private_data;

		__hugetlb_vma_unlock_write_put(vma_lock);
	}
}

/* 6.1-rc2 hugetlb_vma_lock_free() (vm_ops->close): take the lock, then free it. */
static void hugetlb_vma_lock_free(struct vm_area_struct *vma)
{
	if (__vma_shareable_flags_pmd(vma)) {
		struct hugetlb_vma_lock *vma_lock = vma->vm_private_data;

		down_write(&vma_lock->rw_sema);
		__hugetlb_vma_unlock_write_put(vma_lock);
	}
}

/*
 * 6.1-rc2 page_table_shareable(): svma's address for idx, if svma could lend its PMD page to
 * vma (same PMD index, same flags, whole PUD-aligned region covered, and svma has its lock).
 */
static unsigned long page_table_shareable(struct vm_area_struct *svma,
				struct vm_area_struct *vma,
				unsigned long addr, pgoff_t idx)
{
	unsigned long saddr = ((idx - svma->vm_pgoff) << PAGE_SHIFT) + svma->vm_start;
	unsigned long sbase = saddr & PUD_MASK;
	unsigned long s_end = sbase + PUD_SIZE;

	if (pmd_index(addr) != pmd_index(saddr) ||
	    vma->vm_flags != svma->vm_flags ||
	    !range_in_vma(svma, sbase, s_end) ||
	    !__vma_shareable_flags_pmd(svma))
		return 0;
	return saddr;
}

/*
 * 6.1-rc2 huge_pmd_share() (fault path, via huge_pte_alloc): under i_mmap_rwsem (R), look for
 * another VMA of the file whose PMD page covers this index, take a share of it and make our
 * PUD point at it if the PUD is still empty.
 */
pte_t *huge_pmd_share(struct mm_struct *mm, struct vm_area_struct *vma,
		      unsigned long addr, pud_t *pud)
{
	struct address_space *mapping = vma->vm_file->f_mapping;
	pgoff_t idx = ((addr - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;
	struct vm_area_struct *svma;
	unsigned long saddr;
	pte_t *spte = NULL;
	pte_t *pte;
	spinlock_t *ptl;

	i_mmap_lock_read(mapping);
	vma_interval_tree_foreach(svma, &mapping->i_mmap, idx, idx) {
		if (svma == vma)
			continue;

		saddr = page_table_shareable(svma, vma, addr, idx);
		if (saddr) {
			spte = huge_pte_offset(svma->vm_mm, saddr, vma_mmu_pagesize(svma));
			if (spte) {
				get_page(virt_to_page(spte));
				break;
			}
		}
	}

	if (!spte)
		goto out;

	ptl = huge_pte_lock(hstate_vma(vma), mm, spte);
	if (pud_none(*pud)) {
		pud_populate(mm, pud, spte);
		mm_inc_nr_pmds(mm);
	} else {
		put_page(virt_to_page(spte));
	}
	spin_unlock(ptl);
out:
	pte = (pte_t *)pmd_alloc(mm, pud, addr);
	i_mmap_unlock_read(mapping);
	return pte;
}

/*
 * 6.1-rc2 huge_pmd_unshare() (the model's is the primitive table's): with i_mmap_rwsem (W) and
 * the vma_lock held, drop this mm's share of a shared PMD page and clear its PUD.
 */
int huge_pmd_unshare(struct mm_struct *mm, struct vm_area_struct *vma,
					unsigned long addr, pte_t *ptep)
{
	i_mmap_assert_write_locked(vma->vm_file->f_mapping);
	hugetlb_vma_assert_locked(vma);
	if (page_count(virt_to_page(ptep)) == 1)
		return 0;

	pud_clear(pud_offset(p4d_offset(pgd_offset(mm, addr), addr), addr));
	put_page(virt_to_page(ptep));
	mm_dec_nr_pmds(mm);
	return 1;
}

static void __unmap_hugepage_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
				   unsigned long start, unsigned long end,
				   struct page *ref_page, zap_flags_t zap_flags)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long address;
	pte_t *ptep;
	pte_t pte;
	spinlock_t *ptl;
	struct page *page;
	struct hstate *h = hstate_vma(vma);
	unsigned long sz = huge_page_size(h);
	struct mmu_notifier_range range;
	unsigned long last_addr_mask;
	bool force_flush = false;

	WARN_ON(!is_vm_hugetlb_page(vma));

	/* every entry of a hugetlb VMA maps a whole huge page */
	tlb_change_page_size(tlb, sz);
	tlb_start_vma(tlb, vma);

	/*
	 * An unshare drops a whole PUD's worth of this mm's mappings: tell the notifiers about
	 * the PUD-aligned worst case, not just [start, end).
	 */
	mmu_notifier_range_init(&range, MMU_NOTIFY_UNMAP, 0, vma, mm, start,
				end);
	adjust_range_if_pmd_sharing_possible(vma, &range.start, &range.end);
	mmu_notifier_invalidate_range_start(&range);
	last_addr_mask = hugetlb_mask_last_page(h);
	address = start;
	for (; address < end; address += sz) {
		ptep = huge_pte_offset(mm, address, sz);
		if (!ptep) {
			address |= last_addr_mask;
			continue;
		}

		ptl = huge_pte_lock(h, mm, ptep);
		if (huge_pmd_unshare(mm, vma, address, ptep)) {
			spin_unlock(ptl);
			tlb_flush_pmd_range(tlb, address & PUD_MASK, PUD_SIZE);
			force_flush = true;
			address |= last_addr_mask;
			continue;
		}

		pte = huge_ptep_get(ptep);
		if (huge_pte_none(pte)) {
			spin_unlock(ptl);
			continue;
		}

		/* migration / hwpoison entries: the page is not mapped, only the entry goes */
		if (unlikely(!pte_present(pte))) {
			huge_pte_clear(mm, address, ptep, sz);
			spin_unlock(ptl);
			continue;
		}

		page = pte_page(pte);
		/* unmapping one given page (unmap_ref_private): skip the others */
		if (ref_page) {
			if (page != ref_page) {
				spin_unlock(ptl);
				continue;
			}
			set_vma_resv_flags(vma, HPAGE_RESV_UNMAPPED);
		}

		pte = huge_ptep_get_and_clear(mm, address, ptep);
		tlb_remove_huge_tlb_entry(h, tlb, ptep, address);
		if (huge_pte_dirty(pte))
			set_page_dirty(page);
		hugetlb_count_sub(pages_per_huge_page(h), mm);
		page_remove_rmap(page, vma, true);

		spin_unlock(ptl);
		tlb_remove_page_size(tlb, page, huge_page_size(h));
		if (ref_page)
			break;
	}
	mmu_notifier_invalidate_range_end(&range);
	tlb_end_vma(tlb, vma);

	/*
	 * An unshare is not recorded in the gather: flush now, while i_mmap_rwsem still keeps the
	 * last reference to the formerly shared PMD page from being dropped.
	 */
	if (force_flush)
		tlb_flush_mmu_tlbonly(tlb);
}

void unmap_hugepage_range(struct vm_area_struct *vma, unsigned long start,
			  unsigned long end, struct page *ref_page,
			  zap_flags_t zap_flags)
{
	struct mmu_gather tlb;

	tlb_gather_mmu(&tlb, vma->vm_mm);
	__unmap_hugepage_range(&tlb, vma, start, end, ref_page, zap_flags);
	tlb_finish_mmu(&tlb);
}

/*
 * Called by unmap_single_vma() for every zap of a hugetlb VMA that has a file: takes the vma_lock
 * (W) then i_mmap_rwsem (W) around the walk, and in 6.1-rc2 always frees the vma_lock, as if
 * every caller were unmapping the VMA for good.
 */
void __unmap_hugepage_range_final(struct mmu_gather *tlb,
			  struct vm_area_struct *vma, unsigned long start,
			  unsigned long end, struct page *ref_page,
			  zap_flags_t zap_flags)
{
	hugetlb_vma_lock_write(vma);
	i_mmap_lock_write(vma->vm_file->f_mapping);

	__unmap_hugepage_range(tlb, vma, start, end, ref_page, zap_flags);

	/*
	 * The VMA is going away and its page tables will be freed later: free its lock while
	 * i_mmap_rwsem is still held, so huge_pmd_share() can no longer pick its PMD pages.
	 */
	__hugetlb_vma_unlock_write_free(vma);

	i_mmap_unlock_write(vma->vm_file->f_mapping);
}

/*
 * 6.1-rc2 hugetlb_no_page(), reduced to the page-cache path of a shared mapping: beyond i_size
 * the fault fails; otherwise the page is looked up or allocated and added, then mapped under
 * the PTL if the PTE is still none.
 */
static vm_fault_t hugetlb_no_page(struct mm_struct *mm,
			struct vm_area_struct *vma,
			struct address_space *mapping, pgoff_t idx,
			unsigned long address, pte_t *ptep,
			pte_t old_pte, unsigned int flags)
{
	struct hstate *h = hstate_vma(vma);
	vm_fault_t ret = VM_FAULT_SIGBUS;
	unsigned long size;
	struct page *page;
	spinlock_t *ptl;

	page = find_lock_page(mapping, idx);
	if (!page) {
		size = i_size_read(mapping->host) >> huge_page_shift(h);
		if (idx >= size)
			goto out;
		page = alloc_huge_page(vma, address, 0);
		if (IS_ERR(page))
			goto out;
		if (huge_add_to_page_cache(page, mapping, idx)) {
			put_page(page);
			goto out;
		}
	}

	ptl = huge_pte_lock(h, mm, ptep);
	ret = 0;
	if (!pte_same(huge_ptep_get(ptep), old_pte))
		goto backout;
	page_dup_file_rmap(page, true);
	set_huge_pte_at(mm, address, ptep, page);
	spin_unlock(ptl);
	unlock_page(page);
out:
	return ret;

backout:
	spin_unlock(ptl);
	unlock_page(page);
	put_page(page);
	goto out;
}

/* 6.1-rc2 hugetlb_fault(): fault mutex → vma_lock (R) → page tables → no-page handling. */
vm_fault_t hugetlb_fault(struct mm_struct *mm, struct vm_area_struct *vma,
			unsigned long address, unsigned int flags)
{
	pte_t *ptep, entry;
	vm_fault_t ret;
	u32 hash;
	pgoff_t idx;
	struct address_space *mapping;
	struct hstate *h = hstate_vma(vma);
	unsigned long haddr = address & huge_page_mask(h);

	mapping = vma->vm_file->f_mapping;
	idx = vma_hugecache_offset(h, vma, haddr);
	hash = hugetlb_fault_mutex_hash(mapping, idx);
	mutex_lock(&hugetlb_fault_mutex_table[hash]);

	hugetlb_vma_lock_read(vma);
	ptep = huge_pte_alloc(mm, vma, haddr, huge_page_size(h));
	if (!ptep) {
		hugetlb_vma_unlock_read(vma);
		mutex_unlock(&hugetlb_fault_mutex_table[hash]);
		return VM_FAULT_OOM;
	}

	entry = huge_ptep_get(ptep);
	ret = 0;
	if (huge_pte_none_mostly(entry))
		ret = hugetlb_no_page(mm, vma, mapping, idx, address, ptep,
				      entry, flags);

	hugetlb_vma_unlock_read(vma);
	mutex_unlock(&hugetlb_fault_mutex_table[hash]);
	return ret;
}
