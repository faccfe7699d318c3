// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmreview reference kernel: cgroup v1 charge moving over one PTE table, as in Linux v6.3
 * (mm/memcontrol.c, read in 6.3.8). Used with both collapse_file references.
 *
 * Written for mmreview in our own words. What matters (Hugh Dickins' report against the v5 3/3
 * collapse patch): mem_cgroup_move_charge_pte_range() holds the table's PTL while, for a none
 * PTE of a file VMA, get_mctgt_type() -> mc_handle_file_pte() looks the page up with
 * filemap_get_incore_folio(), which spins on a frozen folio. The accounting move itself is not
 * modelled (one opaque call). Addresses are page numbers (PAGE_SIZE pinned to 1).
 */

static struct page *mc_handle_file_pte(struct vm_area_struct *vma, unsigned long addr,
				       pte_t ptent)
{
	struct folio *folio;
	pgoff_t index;

	if (!vma->vm_file)
		return NULL;
	if (!(mc.flags & MOVE_FILE))
		return NULL;
	/* Moved even when this task never faulted it in. */
	/* linear_page_index(vma, addr) */
	index = ((addr - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;
	folio = filemap_get_incore_folio(vma->vm_file->f_mapping, index);
	if (!folio)
		return NULL;
	/* folio_file_page(folio, index): the sub-page of index (a page is its folio in the model) */
	return folio_page(folio, index & (folio_nr_pages(folio) - 1));
}

static int mem_cgroup_move_charge_pte_range(pmd_t *pmd, unsigned long addr,
					    unsigned long end, struct vm_area_struct *vma)
{
	spinlock_t *ptl;
	pte_t *pte;
	struct page *page;
	int moved = 0;

	pte = pte_offset_map_lock(vma->vm_mm, pmd, addr, &ptl);
	for (; addr != end; pte++, addr += PAGE_SIZE) {
		pte_t ptent = ptep_get(pte);

		if (!pte_none(ptent))
			continue;
		page = mc_handle_file_pte(vma, addr, ptent);
		if (!page)
			continue;
		if (!mem_cgroup_move_account(page, false, mc.from, mc.to))
			moved++;
		put_page(page);
	}
	pte_unmap_unlock(pte - 1, ptl);
	cond_resched();
	return moved;
}
