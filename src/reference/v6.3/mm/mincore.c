// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmreview reference kernel: mincore(2) over one PTE table, as in Linux v6.3 (mm/mincore.c,
 * read in 6.3.8). Used with both collapse_file references.
 *
 * Written for mmreview in our own words. What matters: mincore_pte_range() holds the table's
 * PTL (pte_offset_map_lock) while, for a none PTE of a file VMA, mincore_page() looks the
 * page up in the page cache (filemap_get_incore_folio: a lookup that spins on a frozen folio)
 * and reports it resident iff it is uptodate.
 *
 * Modelling choice: the user vector is not modelled; mincore_pte_range() returns how many of
 * the pages of [addr, end) it reported resident (the kernel returns 0 and writes vec[]).
 * Addresses are page numbers (the scenarios pin PAGE_SIZE to 1), and the VMA maps file index
 * linear_page_index(vma, addr).
 */

static unsigned char mincore_page(struct address_space *mapping, pgoff_t index)
{
	unsigned char present = 0;
	struct folio *folio;

	/* The lookup takes a reference; the answer is "uptodate", not "present". */
	folio = filemap_get_incore_folio(mapping, index);
	if (folio) {
		present = folio_test_uptodate(folio);
		folio_put(folio);
	}
	return present;
}

/* A none PTE: ask the page cache (file VMAs only; anonymous holes are never resident). */
static int __mincore_unmapped_range(unsigned long addr, unsigned long end,
				    struct vm_area_struct *vma)
{
	int resident = 0;
	pgoff_t pgoff;

	if (!vma->vm_file)
		return 0;
	/* linear_page_index(vma, addr) */
	pgoff = ((addr - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;
	for (; addr != end; addr += PAGE_SIZE, pgoff++)
		resident += mincore_page(vma->vm_file->f_mapping, pgoff);
	return resident;
}

static int mincore_pte_range(pmd_t *pmd, unsigned long addr, unsigned long end,
			     struct vm_area_struct *vma, struct mm_struct *mm)
{
	spinlock_t *ptl;
	pte_t *ptep;
	int resident = 0;

	ptep = pte_offset_map_lock(mm, pmd, addr, &ptl);
	for (; addr != end; ptep++, addr += PAGE_SIZE) {
		pte_t pte = ptep_get(ptep);

		if (pte_none(pte))
			resident += __mincore_unmapped_range(addr, addr + PAGE_SIZE, vma);
		else if (pte_present(pte))
			resident++;
	}
	pte_unmap_unlock(ptep - 1, ptl);
	cond_resched();
	return resident;
}
