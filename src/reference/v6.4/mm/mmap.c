// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmreview reference kernel: munmap and the anon_vma neighbour search of Linux v6.4 (mm/mmap.c).
 * Used by the vma-lock rules (mm-reference §D.1 "munmap (6.4 do_vmi_align_munmap)", D-I5, R-D1).
 *
 * Written for mmreview in our own words; each function says which upstream function it mirrors.
 * What matters: munmap isolates the VMAs of the range while holding mmap_lock for write — each one
 * write-locked, moved to a private tree and marked detached, then the range cleared from the mm's
 * tree — and only then may downgrade mmap_lock (which ends every VMA write lock: MM_SEQ_INC); page
 * tables are freed and the VMAs freed (after an RCU grace period) under the read lock.
 *
 * Simplifications (same visible operations, same order):
 *  - the scenarios unmap one whole VMA: splitting the edge VMAs and the loop over the range are left
 *    out; the VMA comes from vma_lookup() (6.4: vma_find() on the iterator);
 *  - the private detached tree (mas_store_gfp into mt_detach) has no model: the VMA itself is what
 *    unmap_region() and remove_mt() are given;
 *  - no PTE is mapped in these scenarios, so unmap_region() does not call unmap_vmas();
 *  - the neighbours of find_mergeable_anon_vma() are found with vma_lookup() at vm_end and at
 *    vm_start - 1 (6.4: mas_walk at vm_end, then mas_prev twice);
 *  - userfaultfd unmap events, locked_vm accounting, vm_ops->close and the mempolicy are left out.
 */

#define VM_GROWSDOWN		0x100
#define VM_GROWSUP		0x0
#define VM_IGNORE_MERGE		0x7

/*
 * Mirrors anon_vma_compatible() of 6.4: a ends where b starts, same file, same flags apart from the
 * access bits, and contiguous offsets.
 */
static int anon_vma_compatible(struct vm_area_struct *a, struct vm_area_struct *b)
{
	return a->vm_end == b->vm_start &&
		mpol_equal(vma_policy(a), vma_policy(b)) &&
		a->vm_file == b->vm_file &&
		(a->vm_flags & ~VM_IGNORE_MERGE) == (b->vm_flags & ~VM_IGNORE_MERGE) &&
		b->vm_pgoff == a->vm_pgoff + (b->vm_start - a->vm_start);
}

/*
 * Mirrors reusable_anon_vma() of 6.4: old's anon_vma can be shared when a and b are compatible and
 * old has no other anon_vma in its chain.
 */
static struct anon_vma *reusable_anon_vma(struct vm_area_struct *old,
					  struct vm_area_struct *a,
					  struct vm_area_struct *b)
{
	if (anon_vma_compatible(a, b)) {
		struct anon_vma *anon_vma = READ_ONCE(old->anon_vma);

		if (anon_vma && list_is_singular(&old->anon_vma_chain))
			return anon_vma;
	}
	return NULL;
}

/*
 * Mirrors find_mergeable_anon_vma() of 6.4: try the VMA just above, then the one just below. The
 * neighbours are walked without their VMA locks: callers must hold mmap_lock.
 */
struct anon_vma *find_mergeable_anon_vma(struct vm_area_struct *vma)
{
	struct anon_vma *anon_vma = NULL;
	struct vm_area_struct *prev, *next;

	next = vma_lookup(vma->vm_mm, vma->vm_end);
	if (next) {
		anon_vma = reusable_anon_vma(next, vma, next);
		if (anon_vma)
			return anon_vma;
	}

	prev = vma_lookup(vma->vm_mm, vma->vm_start - 1);
	if (prev)
		anon_vma = reusable_anon_vma(prev, prev, vma);
	return anon_vma;
}

/* Mirrors remove_vma() of 6.4: drop the file and free the VMA (vm_area_free: after RCU readers). */
static void remove_vma(struct vm_area_struct *vma)
{
	might_sleep();
	if (vma->vm_file)
		fput(vma->vm_file);
	vm_area_free(vma);
}

/*
 * Mirrors unmap_region() of 6.4: gather, free the page tables of the range (the VMA is write-locked
 * again only while mmap_lock is still held for write), finish the gather.
 */
static void unmap_region(struct mm_struct *mm, struct vm_area_struct *vma,
			 struct vm_area_struct *prev, struct vm_area_struct *next,
			 unsigned long start, unsigned long end, bool mm_wr_locked)
{
	struct mmu_gather tlb;

	lru_add_drain();
	tlb_gather_mmu(&tlb, mm);
	update_hiwater_rss(mm);
	free_pgtables(&tlb, vma, prev ? prev->vm_end : FIRST_USER_ADDRESS,
		      next ? next->vm_start : USER_PGTABLES_CEILING, mm_wr_locked);
	tlb_finish_mmu(&tlb);
}

/*
 * Mirrors do_vmi_align_munmap() of 6.4 for one whole VMA: isolate it (write lock, detach, out of the
 * tree), then — when allowed — downgrade mmap_lock, free the page tables and the VMA. Returns 1 when
 * mmap_lock was downgraded.
 */
static int do_vmi_align_munmap(struct vma_iterator *vmi, struct vm_area_struct *vma,
			       struct mm_struct *mm, unsigned long start,
			       unsigned long end, struct list_head *uf, bool downgrade)
{
	struct vm_area_struct *prev = NULL, *next = NULL;
	int count = 0;

	/* isolate: nobody may find or lock the VMA once the mmap write lock is downgraded */
	vma_start_write(vma);
	vma_mark_detached(vma, true);
	count++;

	if (vma_iter_clear_gfp(vmi, start, end, GFP_KERNEL))
		goto clear_tree_failed;

	mm->map_count -= count;
	/* a neighbour that grows into the range under the read lock forbids the downgrade */
	if (downgrade) {
		if (next && (next->vm_flags & VM_GROWSDOWN))
			downgrade = false;
		else if (prev && (prev->vm_flags & VM_GROWSUP))
			downgrade = false;
		else
			mmap_write_downgrade(mm);
	}

	/* the VMA is isolated: its page tables can go under the read lock */
	unmap_region(mm, vma, prev, next, start, end, !downgrade);
	remove_vma(vma);
	return downgrade ? 1 : 0;

clear_tree_failed:
	vma_mark_detached(vma, false);
	return -ENOMEM;
}

/* Mirrors do_vmi_munmap() of 6.4: find the VMA of the range and unmap it. */
int do_vmi_munmap(struct vma_iterator *vmi, struct mm_struct *mm,
		  unsigned long start, size_t len, struct list_head *uf,
		  bool downgrade)
{
	unsigned long end = start + len;
	struct vm_area_struct *vma;

	if (end == start)
		return -EINVAL;
	vma = vma_lookup(mm, start);
	if (!vma)
		return 0;
	return do_vmi_align_munmap(vmi, vma, mm, start, end, uf, downgrade);
}

/* Mirrors __vm_munmap() of 6.4: under mmap_lock for write, which the unmap may have downgraded. */
static int __vm_munmap(unsigned long start, size_t len, bool downgrade)
{
	struct mm_struct *mm = current->mm;
	VMA_ITERATOR(vmi, mm, start);
	int ret;

	if (mmap_write_lock_killable(mm))
		return -EINTR;

	ret = do_vmi_munmap(&vmi, mm, start, len, NULL, downgrade);
	if (ret == 1) {
		mmap_read_unlock(mm);
		ret = 0;
	} else
		mmap_write_unlock(mm);
	return ret;
}

/*
 * Mirrors the munmap system call of 6.4 (the address is already untagged in the scenarios), spelled as
 * the function SYSCALL_DEFINE2(munmap, ...) defines (see sys_mremap in mm/mremap.c).
 */
long sys_munmap(unsigned long addr, size_t len)
{
	return __vm_munmap(addr, len, true);
}
