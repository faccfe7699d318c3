// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmreview reference kernel: page-cache lookups and SEEK_DATA/SEEK_HOLE, as in Linux v6.3
 * (read in 6.3.8). Used with both collapse_file references (v6.3 and v6.3-series12).
 *
 * Written for mmreview in our own words; same calls, same retry structure, same refcounts.
 * filemap_get_entry() carries its 6.4 / mm-unstable (March 2023) name; 6.3 calls the same
 * function mapping_get_entry(). The multi-page xas_find() walk of find_get_entry() is written
 * as one xas_load() per index, which is what it observes slot by slot.
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
 * Next entry in [xas.xa_index, max] with a reference held, or NULL. Same try-get / reset /
 * retry loop as filemap_get_entry(): a frozen folio makes it spin.
 */
static void *find_get_entry(struct xa_state *xas, pgoff_t max, xa_mark_t mark)
{
	struct folio *folio;

retry:
	folio = xas_load(xas);
	while (!folio && xas->xa_index < max) {
		xas_next(xas);
		folio = xas_load(xas);
	}
	if (xas_retry(xas, folio))
		goto retry;
	if (!folio || xa_is_value(folio))
		return folio;

	if (!folio_try_get_rcu(folio))
		goto reset;

	if (unlikely(folio != xas_reload(xas))) {
		folio_put(folio);
		goto reset;
	}
	return folio;
reset:
	xas_reset(xas);
	goto retry;
}

/*
 * Does this folio count as data (seek_data) or as a hole? A !uptodate folio without an
 * is_partially_uptodate operation (shmem) is taken to be an fallocated, unwritten page:
 * a hole. That is what a locked, !uptodate hpage in the page cache looks like too.
 */
static loff_t folio_seek_hole_data(struct xa_state *xas, struct address_space *mapping,
				   struct folio *folio, loff_t start, loff_t end,
				   bool seek_data)
{
	if (xa_is_value(folio) || folio_test_uptodate(folio))
		return seek_data ? start : end;
	if (!mapping->a_ops->is_partially_uptodate)
		return seek_data ? end : start;
	return seek_data ? start : end;
}

/* How far one entry reaches: a multi-index (huge) entry covers its whole range. */
static size_t seek_folio_size(struct xa_state *xas, struct folio *folio)
{
	if (xa_is_value(folio))
		return PAGE_SIZE << xa_get_order(xas->xa, xas->xa_index);
	return folio_size(folio);
}

/*
 * SEEK_DATA / SEEK_HOLE over [start, end) of the page cache: the first offset holding data
 * (or a hole), -ENXIO when SEEK_DATA finds none.
 */
loff_t mapping_seek_hole_data(struct address_space *mapping, loff_t start, loff_t end,
			      int whence)
{
	XA_STATE(xas, &mapping->i_pages, start >> PAGE_SHIFT);
	pgoff_t max = (end - 1) >> PAGE_SHIFT;
	bool seek_data = (whence == SEEK_DATA);
	struct folio *folio;

	if (end <= start)
		return -ENXIO;

	rcu_read_lock();
	while ((folio = find_get_entry(&xas, max, XA_PRESENT))) {
		loff_t pos = xas.xa_index << PAGE_SHIFT;
		size_t seek_size;

		if (start < pos) {
			if (!seek_data)
				goto unlock;
			start = pos;
		}

		seek_size = seek_folio_size(&xas, folio);
		pos = round_up(pos + 1, seek_size);
		start = folio_seek_hole_data(&xas, mapping, folio, start, pos, seek_data);
		if (start < pos)
			goto unlock;
		if (start >= end)
			break;
		if (seek_size > PAGE_SIZE)
			xas_set(&xas, pos >> PAGE_SHIFT);
		else
			xas_next(&xas);
		if (!xa_is_value(folio))
			folio_put(folio);
	}
	if (seek_data)
		start = -ENXIO;
unlock:
	rcu_read_unlock();
	if (folio && !xa_is_value(folio))
		folio_put(folio);
	if (start > end)
		return end;
	return start;
}
