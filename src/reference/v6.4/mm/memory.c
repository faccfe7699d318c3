// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmreview reference kernel: the VMA-locked anonymous fault of Linux v6.4 (mm/memory.c), the first
 * release with per-VMA locks (5e31275cc997), and free_pgtables() as munmap runs it. Used by the
 * vma-lock rules (mm-reference §D: D-I3, D-I5, race R-D1).
 *
 * Written for mmreview in our own words; each function says which upstream function it mirrors.
 * What matters: lock_vma_under_rcu() finds the VMA under RCU and, in 6.4, tests vma->anon_vma
 * *before* vma_start_read(), so a writer can drop the anon_vma between the test and the lock
 * (mremap(MREMAP_DONTUNMAP)); the fault then prepares an anon_vma under the VMA lock alone, and
 * find_mergeable_anon_vma() looks at a neighbour VMA nobody has locked (R-D1, fixed by 657b5146955e).
 *
 * Simplifications (same visible operations, same order):
 *  - the maple-tree walk (MA_STATE + mas_walk at the address) is vma_lookup(mm, address): one
 *    lockless walk either way;
 *  - handle_mm_fault() walks to the PMD with pmd_off() (6.4: pgd_offset, p4d/pud/pmd_alloc) and goes
 *    straight to do_anonymous_page() (a missing PTE in an anonymous VMA is the only case the scenarios
 *    fault on), passing the VMA, PMD and address instead of a struct vm_fault; do_anonymous_page()
 *    handles a write fault (no zero-page path), without userfaultfd (lock_vma_under_rcu() and the
 *    scenarios exclude it) and without check_stable_address_space();
 *  - free_pgtables() frees the tables of one VMA: the loop over the detached tree, the gathering of
 *    nearby VMAs and the hugetlb branch are left out.
 */

#define VM_FAULT_OOM		0x1
#define VM_FAULT_SIGBUS		0x2
#define MM_ANONPAGES		1

/*
 * Mirrors lock_vma_under_rcu() of 6.4: look the VMA up under RCU, accept only an anonymous VMA that
 * already has its anon_vma, read-lock it, then make sure it is still the VMA of the address.
 */
struct vm_area_struct *lock_vma_under_rcu(struct mm_struct *mm,
					  unsigned long address)
{
	struct vm_area_struct *vma;

	rcu_read_lock();
retry:
	vma = vma_lookup(mm, address);
	if (!vma)
		goto inval;

	/* file-backed VMAs still take the mmap_lock path */
	if (!vma_is_anonymous(vma))
		goto inval;

	/* preparing an anon_vma reads the neighbours, which this lock does not cover */
	if (!vma->anon_vma)
		goto inval;

	if (!vma_start_read(vma))
		goto inval;

	/* a userfaultfd handler may drop mmap_lock: not under a VMA lock */
	if (userfaultfd_armed(vma)) {
		vma_end_read(vma);
		goto inval;
	}

	/* the VMA may have been resized between the walk and the lock */
	if (unlikely(address < vma->vm_start || address >= vma->vm_end)) {
		vma_end_read(vma);
		goto inval;
	}

	/* isolated by munmap after the walk: walk again */
	if (vma->detached) {
		vma_end_read(vma);
		count_vm_vma_lock_event(VMA_LOCK_MISS);
		goto retry;
	}

	rcu_read_unlock();
	return vma;

inval:
	rcu_read_unlock();
	count_vm_vma_lock_event(VMA_LOCK_ABORT);
	return NULL;
}

/*
 * Mirrors do_anonymous_page() of 6.4 for a write fault: the VMA needs its anon_vma before the new folio
 * can join the rmap; the folio is mapped under the page table's lock, unless another fault won.
 */
static vm_fault_t do_anonymous_page(struct vm_area_struct *vma, pmd_t *pmd,
				    unsigned long address, unsigned int flags)
{
	struct folio *folio;
	spinlock_t *ptl;
	pte_t entry;
	pte_t *pte;

	if (unlikely(anon_vma_prepare(vma)))
		return VM_FAULT_OOM;
	folio = vma_alloc_zeroed_movable_folio(vma, address);
	if (!folio)
		return VM_FAULT_OOM;
	if (mem_cgroup_charge(folio, vma->vm_mm, GFP_KERNEL))
		goto oom_free_page;
	__folio_mark_uptodate(folio);
	entry = mk_pte(folio_page(folio, 0), vma->vm_page_prot);

	pte = pte_offset_map_lock(vma->vm_mm, pmd, address, &ptl);
	if (!pte_none(*pte)) {
		/* raced with another fault: theirs stays */
		pte_unmap_unlock(pte, ptl);
		folio_put(folio);
		return 0;
	}
	inc_mm_counter(vma->vm_mm, MM_ANONPAGES);
	folio_add_new_anon_rmap(folio, vma, address);
	folio_add_lru_vma(folio, vma);
	set_pte_at(vma->vm_mm, address, pte, entry);
	update_mmu_cache(vma, address, pte);
	pte_unmap_unlock(pte, ptl);
	return 0;

oom_free_page:
	folio_put(folio);
	return VM_FAULT_OOM;
}

/*
 * Mirrors handle_mm_fault() → __handle_mm_fault() → handle_pte_fault() of 6.4 for a missing PTE of an
 * anonymous VMA.
 */
vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			   unsigned int flags, struct pt_regs *regs)
{
	pmd_t *pmd;

	/* the walk down to the PMD (pgd, p4d, pud and pmd allocation) */
	pmd = pmd_off(vma->vm_mm, address);
	if (!pmd)
		return VM_FAULT_OOM;
	if (!vma_is_anonymous(vma))
		return VM_FAULT_SIGBUS;
	return do_anonymous_page(vma, pmd, address, flags);
}

/*
 * Mirrors free_pgtables() of 6.4 for one VMA: take it out of the rmap (write-locking it first when
 * the caller still holds mmap_lock for write), then free its page tables.
 */
void free_pgtables(struct mmu_gather *tlb, struct vm_area_struct *vma,
		   unsigned long floor, unsigned long ceiling, bool mm_wr_locked)
{
	unsigned long addr = vma->vm_start;

	if (mm_wr_locked)
		vma_start_write(vma);
	unlink_anon_vmas(vma);
	unlink_file_vma(vma);
	free_pgd_range(tlb, addr, vma->vm_end, floor, ceiling);
}
