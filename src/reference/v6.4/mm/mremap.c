// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmreview reference kernel: mremap() moving a VMA, Linux v6.4 (mm/mremap.c). Used by the vma-lock
 * rules: with MREMAP_DONTUNMAP the old VMA stays in place, empty, and loses its anon_vma
 * (mm-reference R-D1, T2).
 *
 * Written for mmreview in our own words. move_vma() write-locks the old VMA before it changes it
 * ("mm/mremap: write-lock VMA while remapping it to a new address range", 6.4).
 *
 * Simplifications (same visible operations, same order): the syscall goes straight to move_vma()
 * (mremap_to()'s checks, the unmap of the destination and vma_to_resize() are left out; the
 * destination is empty in the scenarios); copy_vma() and move_page_tables() are pinned by the
 * scenario (the new VMA, and the whole length moved); KSM, VM_ACCOUNT and uffd remap events are left
 * out; without MREMAP_DONTUNMAP the old range is unmapped with do_vmi_munmap().
 */

#define MREMAP_MAYMOVE		1
#define MREMAP_FIXED		2
#define MREMAP_DONTUNMAP	4

/*
 * Mirrors move_vma() of 6.4: write-lock the old VMA, copy it to the new address, move the page tables;
 * with MREMAP_DONTUNMAP keep the old VMA and drop its anon_vma links, else unmap the old range.
 */
static unsigned long move_vma(struct vm_area_struct *vma,
			      unsigned long old_addr, unsigned long old_len,
			      unsigned long new_len, unsigned long new_addr,
			      bool *locked, unsigned long flags)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *new_vma;
	unsigned long new_pgoff;
	unsigned long moved_len;
	bool need_rmap_locks;
	VMA_ITERATOR(vmi, mm, old_addr);

	vma_start_write(vma);
	new_pgoff = vma->vm_pgoff + (old_addr - vma->vm_start);
	new_vma = copy_vma(&vma, new_addr, new_len, new_pgoff, &need_rmap_locks);
	if (!new_vma)
		return -ENOMEM;

	moved_len = move_page_tables(vma, old_addr, new_vma, new_addr, old_len,
				     need_rmap_locks, false);
	if (moved_len < old_len)
		return -ENOMEM;

	if (unlikely(flags & MREMAP_DONTUNMAP)) {
		/* the old VMA stays, without pages: its anon_vma links are of no use now */
		if (new_vma != vma && vma->vm_start == old_addr &&
		    vma->vm_end == old_addr + old_len)
			unlink_anon_vmas(vma);
		return new_addr;
	}

	if (do_vmi_munmap(&vmi, mm, old_addr, old_len, NULL, false) < 0)
		return -ENOMEM;
	return new_addr;
}

/*
 * Mirrors the mremap system call of 6.4 for a move (MREMAP_MAYMOVE | MREMAP_FIXED [| MREMAP_DONTUNMAP]).
 * Spelled as the function SYSCALL_DEFINE5(mremap, ...) defines: the engine's function finder does not
 * read SYSCALL_DEFINEn headers yet.
 */
long sys_mremap(unsigned long addr, unsigned long old_len, unsigned long new_len,
		unsigned long flags, unsigned long new_addr)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	unsigned long ret = -EINVAL;
	bool locked = false;

	if (!(flags & MREMAP_FIXED))
		return ret;
	if (mmap_write_lock_killable(mm))
		return -EINTR;
	vma = vma_lookup(mm, addr);
	if (!vma) {
		ret = -EFAULT;
		goto out;
	}
	ret = move_vma(vma, addr, old_len, new_len, new_addr, &locked, flags);
out:
	mmap_write_unlock(mm);
	return ret;
}
