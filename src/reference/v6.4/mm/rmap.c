// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmreview reference kernel: anon_vma preparation of Linux v6.4 (mm/rmap.c and the inline
 * anon_vma_prepare() of include/linux/rmap.h). Used by the vma-lock rules (mm-reference R-D1).
 *
 * Written for mmreview in our own words. The slow path may reuse a neighbour's anon_vma
 * (find_mergeable_anon_vma() in mm/mmap.c), which is why 6.4 keeps VMAs without an anon_vma off the
 * VMA-locked fault path. unlink_anon_vmas() is a primitive of the model (src/model/primitives.ts):
 * out of the anon rmap, and vma->anon_vma = NULL, as 6.4 does for a VMA that stays.
 *
 * Simplifications: the anon_vma_chain is allocated and linked by calls the model does not follow;
 * anon_vma reference counts and the degree bookkeeping are left out.
 */

/* Mirrors anon_vma_prepare() of 6.4 (include/linux/rmap.h): nothing to do when the VMA has one. */
int anon_vma_prepare(struct vm_area_struct *vma)
{
	if (likely(vma->anon_vma))
		return 0;
	return __anon_vma_prepare(vma);
}

/*
 * Mirrors __anon_vma_prepare() of 6.4: take a neighbour's anon_vma if it can be shared, else a new one,
 * and install it under the anon_vma lock and mm->page_table_lock (another fault may have won).
 */
int __anon_vma_prepare(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;
	struct anon_vma *anon_vma, *allocated;
	struct anon_vma_chain *avc;

	might_sleep();

	avc = anon_vma_chain_alloc(GFP_KERNEL);
	if (!avc)
		goto out_enomem;

	anon_vma = find_mergeable_anon_vma(vma);
	allocated = NULL;
	if (!anon_vma) {
		anon_vma = anon_vma_alloc();
		if (unlikely(!anon_vma))
			goto out_enomem_free_avc;
		allocated = anon_vma;
	}

	anon_vma_lock_write(anon_vma);
	spin_lock(&mm->page_table_lock);
	if (likely(!vma->anon_vma)) {
		/* we won: the VMA now hangs off this anon_vma */
		vma->anon_vma = anon_vma;
		anon_vma_chain_link(vma, avc, anon_vma);
		allocated = NULL;
		avc = NULL;
	}
	spin_unlock(&mm->page_table_lock);
	anon_vma_unlock_write(anon_vma);

	if (unlikely(allocated))
		put_anon_vma(allocated);
	if (unlikely(avc))
		anon_vma_chain_free(avc);
	return 0;

out_enomem_free_avc:
	anon_vma_chain_free(avc);
out_enomem:
	return -ENOMEM;
}
