// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmreview reference kernel: the user page-fault entry of Linux v6.4 on x86 (arch/x86/mm/fault.c) as
 * far as per-VMA locking goes (mm-reference §D.1, "Fault flow"). Used by the vma-lock rules.
 *
 * Written for mmreview in our own words. The fault first tries the VMA lock (lock_vma_under_rcu); when
 * that fails, or the fault asks for a retry, it falls back to the mmap_lock path.
 *
 * Simplifications (same visible operations, same order): kernel-mode faults, access_error(), signals,
 * the mmap_read_trylock() / exception-table dance and stack expansion are left out; the fallback
 * looks the VMA up with vma_lookup() (6.4: find_vma() plus the vm_start test).
 */

#define FAULT_FLAG_DEFAULT	0x1
#define FAULT_FLAG_VMA_LOCK	0x4
#define VM_FAULT_RETRY		0x40

/* Mirrors do_user_addr_fault() of 6.4, the part after the kernel/user checks. */
void do_user_addr_fault(struct pt_regs *regs, unsigned long error_code,
			unsigned long address)
{
	struct mm_struct *mm = current->mm;
	unsigned int flags = FAULT_FLAG_DEFAULT;
	struct vm_area_struct *vma;
	vm_fault_t fault;

	/* first try: only the faulting VMA is locked, mmap_lock is not taken */
	vma = lock_vma_under_rcu(mm, address);
	if (!vma)
		goto lock_mmap;
	fault = handle_mm_fault(vma, address, flags | FAULT_FLAG_VMA_LOCK, regs);
	vma_end_read(vma);
	if (!(fault & VM_FAULT_RETRY)) {
		count_vm_vma_lock_event(VMA_LOCK_SUCCESS);
		return;
	}
	count_vm_vma_lock_event(VMA_LOCK_RETRY);

lock_mmap:
	/* the classic path: the whole address space is read-locked */
	mmap_read_lock(mm);
	vma = vma_lookup(mm, address);
	if (!vma) {
		mmap_read_unlock(mm);
		return;
	}
	fault = handle_mm_fault(vma, address, flags, regs);
	mmap_read_unlock(mm);
}
