// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmreview reference kernel: hugetlbfs truncation's unmap step, as in Linux v6.1-rc2 (Oct
 * 2022). Written for mmreview in our own words. hugetlb_vmdelete_list() runs with i_mmap_rwsem
 * held for write and may only TRYlock each VMA's vma_lock (lock order: vma_lock before
 * i_mmap_rwsem); a VMA whose lock is busy is skipped here (its pages are unmapped later, one by
 * one, by remove_inode_hugepages). The page-cache side of truncation (remove_inode_hugepages) is
 * kept as a plain call.
 */

/* 6.1-rc2: the first address of vma at or after file offset start (pages) */
static unsigned long vma_offset_start(struct vm_area_struct *vma, pgoff_t start)
{
	if (vma->vm_pgoff >= start)
		return vma->vm_start;

	return vma->vm_start + ((start - vma->vm_pgoff) << PAGE_SHIFT);
}

/* 6.1-rc2: the address of vma just past file offset end (0: to the end of the vma) */
static unsigned long vma_offset_end(struct vm_area_struct *vma, pgoff_t end)
{
	unsigned long t_end;

	if (!end)
		return vma->vm_end;

	t_end = ((end - vma->vm_pgoff) << PAGE_SHIFT) + vma->vm_start;
	if (t_end > vma->vm_end)
		t_end = vma->vm_end;
	return t_end;
}

static void
hugetlb_vmdelete_list(struct rb_root_cached *root, pgoff_t start, pgoff_t end,
		      zap_flags_t zap_flags)
{
	struct vm_area_struct *vma;

	vma_interval_tree_foreach(vma, root, start, end ? end - 1 : ULONG_MAX) {
		unsigned long v_start;
		unsigned long v_end;

		if (!hugetlb_vma_trylock_write(vma))
			continue;

		v_start = vma_offset_start(vma, start);
		v_end = vma_offset_end(vma, end);

		unmap_hugepage_range(vma, v_start, v_end, NULL, zap_flags);

		/* private VMAs have no vma_lock: nothing was taken for them */
		hugetlb_vma_unlock_write(vma);
	}
}

/* 6.1-rc2 hugetlb_vmtruncate(): new i_size first, then unmap every VMA past it. */
static void hugetlb_vmtruncate(struct inode *inode, loff_t offset)
{
	pgoff_t pgoff;
	struct address_space *mapping = inode->i_mapping;

	pgoff = offset >> PAGE_SHIFT;

	i_size_write(inode, offset);
	i_mmap_lock_write(mapping);
	if (!RB_EMPTY_ROOT(&mapping->i_mmap.rb_root))
		hugetlb_vmdelete_list(&mapping->i_mmap, pgoff, 0,
				      ZAP_FLAG_DROP_MARKER);
	i_mmap_unlock_write(mapping);
	remove_inode_hugepages(inode, offset, LLONG_MAX);
}
