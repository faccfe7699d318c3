// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmreview reference kernel: MADV_DONTNEED on one VMA, as in Linux v6.1-rc2 (Oct 2022), before
 * 21b85b09527c switched it to zap_page_range_single(). The caller (madvise_dontneed_free) holds
 * mmap_lock for read. Written for mmreview in our own words.
 */

static long madvise_dontneed_single_vma(struct vm_area_struct *vma,
					unsigned long start, unsigned long end)
{
	zap_page_range(vma, start, end - start);
	return 0;
}
