// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmreview reference kernel: writeback of one locked folio, as in Linux v6.3 (mm/page-writeback.c,
 * read in 6.3.8). Written for mmreview in our own words.
 *
 * What matters (mm-reference R-A1, T3): before clearing PG_dirty for I/O, folio_clear_dirty_for_io()
 * write-protects and cleans every PTE mapping the folio (folio_mkclean) and moves their dirty bits
 * to PG_dirty; then it test-and-clears PG_dirty. Stores that arrive after that must dirty the page
 * again (through a write fault), or they are lost.
 *
 * Simplifications: dirty-page statistics, the inode's bdi_writeback lookup and the writeback
 * control are left out; ->writepage() is an indirect call (not followed).
 */

/* Mirrors folio_clear_dirty_for_io() of 6.3. */
bool folio_clear_dirty_for_io(struct folio *folio)
{
	struct address_space *mapping = folio_mapping(folio);
	bool ret = false;

	VM_BUG_ON_FOLIO(!folio_test_locked(folio), folio);

	if (mapping && mapping_can_writeback(mapping)) {
		/* dirty bits still in PTEs are moved to the folio before it is cleaned */
		if (folio_mkclean(folio))
			folio_mark_dirty(folio);
		if (folio_test_clear_dirty(folio))
			ret = true;
		return ret;
	}
	return folio_test_clear_dirty(folio);
}

/* Mirrors folio_write_one() of 6.3: the caller holds the folio lock; ->writepage() drops it. */
int folio_write_one(struct folio *folio)
{
	struct address_space *mapping = folio->mapping;
	int ret = 0;

	BUG_ON(!folio_test_locked(folio));
	folio_wait_writeback(folio);

	if (folio_clear_dirty_for_io(folio)) {
		/* ->writepage() starts I/O and unlocks; its result is not modelled (not returned) */
		folio_get(folio);
		mapping->a_ops->writepage(&folio->page, NULL);
		folio_put(folio);
	} else {
		folio_unlock(folio);
	}
	return ret;
}
