// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmreview reference kernel: filemap_get_incore_folio(), as in Linux v6.3 (mm/swap_state.c,
 * read in 6.3.8). Used with both collapse_file references.
 *
 * Written for mmreview in our own words. The lookup goes through __filemap_get_folio() with
 * FGP_ENTRY, i.e. the try-get / retry loop of filemap_get_entry(): it spins on a frozen folio.
 * Its callers (mincore_page(), mc_handle_file_pte()) call it with a page-table lock held.
 * The shmem swap-cache branch is kept as a call but not modelled (no swap entries in the
 * collapse scenarios).
 */

struct folio *filemap_get_incore_folio(struct address_space *mapping, pgoff_t index)
{
	struct folio *folio = __filemap_get_folio(mapping, index, FGP_ENTRY, 0);

	if (!xa_is_value(folio))
		return folio;
	/* A shmem page out on swap may still be in the swap cache. */
	if (!shmem_mapping(mapping))
		return NULL;
	return swap_cache_get_folio_of(mapping, folio);
}
