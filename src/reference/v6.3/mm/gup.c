// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmreview reference kernel: GUP-fast over one PTE table, as in Linux v6.3 (mm/gup.c, read in
 * 6.3.8). Used with both collapse_file references.
 *
 * Written for mmreview in our own words. GUP-fast takes no lock: it disables interrupts, reads
 * the PMD, then the PTEs of the table it points to, and takes a reference on each page. The
 * disabled interrupts are what retract_page_tables() synchronises with
 * (tlb_remove_table_sync_one() sends an IPI and waits): a table must not be freed while a
 * walker may still read it. Addresses are page numbers (PAGE_SIZE pinned to 1).
 * try_grab_folio(page, 1, FOLL_GET) is written as the folio_ref_try_add_rcu() it does.
 */

static int gup_pte_range(pmd_t pmd, pmd_t *pmdp, unsigned long addr, unsigned long end,
			 unsigned int flags, struct page **pages, int *nr)
{
	pte_t *ptep;
	int ret = 0;

	ptep = pte_offset_map(pmdp, addr);
	for (; addr != end; ptep++, addr += PAGE_SIZE) {
		pte_t pte = ptep_get(ptep);
		struct folio *folio;

		if (!pte_present(pte))
			goto out;
		folio = page_folio(pte_page(pte));
		if (!folio_ref_try_add_rcu(folio, 1))
			goto out;
		/* The PTE changed under us: undo and let the slow path decide. */
		if (unlikely(pte != ptep_get(ptep))) {
			folio_put(folio);
			goto out;
		}
		(*nr)++;
	}
	ret = 1;
out:
	pte_unmap(ptep);
	return ret;
}

/* The lockless part of get_user_pages_fast() for one PMD. */
static int lockless_pages_from_mm(pmd_t *pmdp, unsigned long start, unsigned long end,
				  unsigned int gup_flags, struct page **pages)
{
	unsigned long flags;
	int nr_pinned = 0;
	pmd_t pmd;

	/* Interrupts off: page tables cannot be freed under us (IPI-synchronised frees wait). */
	local_irq_save(flags);
	pmd = pmdp_get_lockless(pmdp);
	if (!pmd_none(pmd))
		gup_pte_range(pmd, pmdp, start, end, gup_flags, pages, &nr_pinned);
	local_irq_restore(flags);
	return nr_pinned;
}
