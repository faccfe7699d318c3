// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmreview reference kernel: the generic zap entry points that reach hugetlb, as in Linux
 * v6.1-rc2 (Oct 2022): unmap_single_vma(), unmap_vmas() and zap_page_range().
 *
 * Written for mmreview in our own words, keeping the upstream call order, notifier brackets and
 * variable names. What matters (mm-reference §A.2): unmap_vmas() is the final unmap (munmap,
 * exit_mmap) and notifies UNMAP over the whole range; zap_page_range() is the non-final zap
 * MADV_DONTNEED used until 21b85b09527c and notifies CLEAR over [start, start + size), not
 * widened for PMD sharing. A hugetlb VMA with a file goes to __unmap_hugepage_range_final()
 * with the caller's zap flags. min/max are written out; uprobes, PFN tracking and the
 * non-hugetlb page walk (unmap_page_range) are kept as plain calls.
 */

static void unmap_single_vma(struct mmu_gather *tlb,
		struct vm_area_struct *vma, unsigned long start_addr,
		unsigned long end_addr,
		struct zap_details *details)
{
	unsigned long start = start_addr;
	unsigned long end = end_addr;

	if (start < vma->vm_start)
		start = vma->vm_start;
	if (start >= vma->vm_end)
		return;
	if (end > vma->vm_end)
		end = vma->vm_end;
	if (end <= vma->vm_start)
		return;

	if (vma->vm_file)
		uprobe_munmap(vma, start, end);

	if (start != end) {
		if (unlikely(is_vm_hugetlb_page(vma))) {
			/* a hugetlb VMA always has its file; the final routine also takes its locks */
			if (vma->vm_file) {
				zap_flags_t zap_flags = details ?
				    details->zap_flags : 0;
				__unmap_hugepage_range_final(tlb, vma, start, end,
							     NULL, zap_flags);
			}
		} else
			unmap_page_range(tlb, vma, start, end, details);
	}
}

/*
 * The final unmap of [start_addr, end_addr) of every VMA from vma on (munmap, exit_mmap, mmap
 * error unwind): one UNMAP bracket around all of them. The caller gathers and finishes the TLB.
 */
void unmap_vmas(struct mmu_gather *tlb, struct maple_tree *mt,
		struct vm_area_struct *vma, unsigned long start_addr,
		unsigned long end_addr)
{
	struct mmu_notifier_range range;
	struct zap_details details = {
		.zap_flags = ZAP_FLAG_DROP_MARKER,
		/* Careful - we need to zap private pages too! */
		.even_cows = true,
	};
	MA_STATE(mas, mt, vma->vm_end, vma->vm_end);

	mmu_notifier_range_init(&range, MMU_NOTIFY_UNMAP, 0, vma, vma->vm_mm,
				start_addr, end_addr);
	mmu_notifier_invalidate_range_start(&range);
	do {
		unmap_single_vma(tlb, vma, start_addr, end_addr, &details);
	} while ((vma = mas_find(&mas, end_addr - 1)) != NULL);
	mmu_notifier_invalidate_range_end(&range);
}

/*
 * The non-final zap of [start, start + size) (MADV_DONTNEED until 21b85b09527c): gather, one
 * CLEAR bracket over the range as given, every VMA in it.
 */
void zap_page_range(struct vm_area_struct *vma, unsigned long start,
		unsigned long size)
{
	struct maple_tree *mt = &vma->vm_mm->mm_mt;
	unsigned long end = start + size;
	struct mmu_notifier_range range;
	struct mmu_gather tlb;
	MA_STATE(mas, mt, vma->vm_end, vma->vm_end);

	lru_add_drain();
	mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, vma, vma->vm_mm,
				start, start + size);
	tlb_gather_mmu(&tlb, vma->vm_mm);
	update_hiwater_rss(vma->vm_mm);
	mmu_notifier_invalidate_range_start(&range);
	do {
		unmap_single_vma(&tlb, vma, start, range.end, NULL);
	} while ((vma = mas_find(&mas, end - 1)) != NULL);
	mmu_notifier_invalidate_range_end(&range);
	tlb_finish_mmu(&tlb);
}
