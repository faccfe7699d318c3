// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmreview reference kernel: page-cache lookups and SEEK_DATA/SEEK_HOLE, as in Linux v6.3
 * (read in 6.3.8). Used with both collapse_file references (v6.3 and v6.3-series12).
 *
 * Written for mmreview in our own words; same calls, same retry structure, same refcounts.
 * filemap_get_entry() carries its 6.4 / mm-unstable (March 2023) name; 6.3 calls the same
 * function mapping_get_entry(). mapping_seek_hole_data() looks each index up with
 * filemap_get_entry() instead of walking with find_get_entry(): same loads, try-gets, retries.
 *
 * The property that matters (mm-reference §C.2): a lookup whose folio_try_get_rcu() fails
 * goes back and reloads the slot, with no sleep and no bound. A frozen page left in a slot
 * therefore makes every such lookup spin until the slot changes.
 */

/*
 * Look up the entry at @index with a reference held on it. Value (shadow / swap) entries are
 * returned as they are, without a reference.
 */
void *filemap_get_entry(struct address_space *mapping, pgoff_t index)
{
	XA_STATE(xas, &mapping->i_pages, index);
	struct folio *folio;

	rcu_read_lock();
repeat:
	xas_reset(&xas);
	folio = xas_load(&xas);
	if (xas_retry(&xas, folio))
		goto repeat;
	if (!folio || xa_is_value(folio))
		goto out;

	/* Refcount frozen or dropping to zero: look again, without sleeping. */
	if (!folio_try_get_rcu(folio))
		goto repeat;

	/* The slot changed under us: drop what we got and look again. */
	if (unlikely(folio != xas_reload(&xas))) {
		folio_put(folio);
		goto repeat;
	}
out:
	rcu_read_unlock();
	return folio;
}

/*
 * The FGP_ENTRY form used by filemap_get_incore_folio(): no locking, value entries allowed.
 * (Without FGP_ENTRY a value entry reads as "no folio".)
 */
struct folio *__filemap_get_folio(struct address_space *mapping, pgoff_t index,
				  int fgp_flags, gfp_t gfp)
{
	struct folio *folio;

	folio = filemap_get_entry(mapping, index);
	if (xa_is_value(folio)) {
		if (fgp_flags & FGP_ENTRY)
			return folio;
		folio = NULL;
	}
	return folio;
}

/*
 * Does this folio count as data (seek_data) or as a hole? A !uptodate folio without an
 * is_partially_uptodate operation (shmem) is taken to be an fallocated, unwritten page:
 * a hole. That is what a locked, !uptodate hpage in the page cache looks like too.
 */
static loff_t folio_seek_hole_data(struct address_space *mapping, struct folio *folio,
				   loff_t start, loff_t end, bool seek_data)
{
	if (xa_is_value(folio) || folio_test_uptodate(folio))
		return seek_data ? start : end;
	/* ops->is_partially_uptodate is NULL for shmem: the folio is a hole. */
	if (shmem_mapping(mapping))
		return seek_data ? end : start;
	/* Other file systems ask is_partially_uptodate() per block: not modelled. */
	return seek_data ? start : end;
}

/*
 * SEEK_DATA / SEEK_HOLE over [start, end) of the page cache: the first offset holding data
 * (or a hole); -ENXIO when SEEK_DATA finds none.
 *
 * Upstream walks the range with find_get_entry() (xas_find + the same try-get / retry loop as
 * filemap_get_entry) and steps over multi-page folios by their size. Here every index is
 * looked up with filemap_get_entry(): the same loads, try-gets and retries, one slot at a time
 * (a multi-index entry gives the same answer at each of its slots).
 */
loff_t mapping_seek_hole_data(struct address_space *mapping, loff_t start, loff_t end,
			      int whence)
{
	pgoff_t index = start >> PAGE_SHIFT;
	pgoff_t max = (end - 1) >> PAGE_SHIFT;
	bool seek_data = (whence == SEEK_DATA);
	struct folio *folio;
	loff_t pos;

	if (end <= start)
		return -ENXIO;

	for (; index <= max; index++) {
		pos = index << PAGE_SHIFT;
		folio = filemap_get_entry(mapping, index);
		if (!folio) {
			/* An empty slot is a hole. */
			if (!seek_data)
				return start > pos ? start : pos;
			continue;
		}
		if (start < pos)
			start = pos;
		start = folio_seek_hole_data(mapping, folio, start, pos + PAGE_SIZE, seek_data);
		if (!xa_is_value(folio))
			folio_put(folio);
		if (start < pos + PAGE_SIZE)
			return start;
	}
	if (seek_data)
		return -ENXIO;
	return end;
}
