// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmreview reference kernel: MADV_DONTNEED on one VMA, as in Linux v6.3 (mm/madvise.c, read in
 * 6.3.8). Written for mmreview in our own words.
 *
 * The caller (madvise_dontneed_free, under mmap_lock for read) has validated the VMA and the range;
 * the zap itself is zap_page_range_single() without zap_details (every page, anon or file).
 */

/* Mirrors madvise_dontneed_single_vma() of 6.3 (after 21b85b09527c: the single-VMA zap). */
static long madvise_dontneed_single_vma(struct vm_area_struct *vma,
					unsigned long start, unsigned long end)
{
	zap_page_range_single(vma, start, end - start, NULL);
	return 0;
}
