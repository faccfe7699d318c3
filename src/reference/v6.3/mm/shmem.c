// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmreview reference kernel: the shmem paths that race with collapse_file(), as in Linux v6.3
 * (mm/shmem.c, read in 6.3.8). Used with both collapse_file references.
 *
 * Written for mmreview in our own words.
 *  - shmem_file_llseek(): SEEK_DATA / SEEK_HOLE through mapping_seek_hole_data() (no lock
 *    taken on the folios it meets);
 *  - shmem_get_folio_gfp(): the fault-side lookup: filemap_get_entry() (spins on a frozen
 *    folio), then folio_lock() (sleeps on a locked one) and revalidation of folio->mapping;
 *    a hole under a userfaultfd MISSING registrant is handed to userspace instead;
 *  - shmem_get_folio(): collapse_file()'s swap-in / !uptodate lookup (no VMA, no allocation);
 *  - shmem_mfill_atomic_pte(): UFFDIO_COPY by the MISSING registrant: the page goes into the
 *    hole under xa_lock, or the copy fails with -EEXIST when the slot is not empty.
 * Swap-in, allocation and the uffd message queue are kept as calls and not modelled.
 * shmem_get_folio_gfp() takes the mapping rather than the inode (inode fields are not modelled;
 * upstream reads inode->i_mapping first thing).
 */

static loff_t shmem_file_llseek(struct file *file, loff_t offset, int whence)
{
	struct address_space *mapping = file->f_mapping;
	struct inode *inode = mapping->host;

	if (whence != SEEK_DATA && whence != SEEK_HOLE)
		return generic_file_llseek_size(file, offset, whence, MAX_LFS_FILESIZE,
						i_size_read(inode));
	if (offset < 0)
		return -ENXIO;
	inode_lock(inode);
	offset = mapping_seek_hole_data(mapping, offset, inode->i_size, whence);
	inode_unlock(inode);
	return offset;
}

/*
 * Find (or, for a hole, hand to userfaultfd) the folio at @index, locked and with a
 * reference. Returns 0 with the folio locked, VM_FAULT_RETRY when userspace must resolve a
 * MISSING fault.
 */
static int shmem_get_folio_gfp(struct address_space *mapping, pgoff_t index,
			       struct folio **foliop, struct vm_area_struct *vma)
{
	struct folio *folio;

repeat:
	folio = filemap_get_entry(mapping, index);
	if (xa_is_value(folio)) {
		/* Swapped out: shmem_swapin_folio(), not modelled. */
		return -EIO;
	}
	if (folio) {
		folio_lock(folio);
		/* Truncated or replaced while we waited for the lock: start again. */
		if (unlikely(folio->mapping != mapping)) {
			folio_unlock(folio);
			folio_put(folio);
			goto repeat;
		}
		*foliop = folio;
		return 0;
	}
	if (vma && userfaultfd_missing(vma))
		return handle_userfault(vma, VM_UFFD_MISSING);
	/* Allocate and add a new page: not modelled. */
	return -ENOMEM;
}

/*
 * What collapse_file() calls to bring in a swapped-out or !uptodate page (SGP_NOALLOC: never
 * allocate): the same lookup without a VMA, so no userfaultfd hand-off.
 */
int shmem_get_folio(struct inode *inode, pgoff_t index, struct folio **foliop,
		    enum sgp_type sgp)
{
	return shmem_get_folio_gfp(inode->i_mapping, index, foliop, NULL);
}

/* The fault handler proper: the folio is mapped, then unlocked. */
static vm_fault_t shmem_fault(struct vm_area_struct *vma, pgoff_t index)
{
	struct address_space *mapping = vma->vm_file->f_mapping;
	struct folio *folio = NULL;
	int err;

	err = shmem_get_folio_gfp(mapping, index, &folio, vma);
	if (err)
		return VM_FAULT_SIGBUS;
	if (!folio_test_uptodate(folio)) {
		folio_unlock(folio);
		folio_put(folio);
		return VM_FAULT_SIGBUS;
	}
	folio_unlock(folio);
	folio_put(folio);
	return VM_FAULT_LOCKED;
}

/*
 * UFFDIO_COPY into a hole of a MISSING-registered range: the new page is added to the page
 * cache under xa_lock only if the slot is still empty.
 */
static int shmem_mfill_atomic_pte(struct address_space *mapping, pgoff_t pgoff,
				  struct page *page)
{
	XA_STATE(xas, &mapping->i_pages, pgoff);
	void *entry;
	int ret = 0;

	__SetPageLocked(page);
	xas_lock_irq(&xas);
	entry = xas_load(&xas);
	if (entry) {
		ret = -EEXIST;
		goto unlock;
	}
	page->mapping = mapping;
	page->index = pgoff;
	xas_store(&xas, page);
unlock:
	xas_unlock_irq(&xas);
	unlock_page(page);
	return ret;
}
