/**
 * IR produced for C statements and expressions (checked on the printed instructions).
 */
import { describe, expect, it } from 'vitest';
import { formatInstr } from '../../src/extract/lower/print.js';
import { lowerFunctions } from '../../src/extract/lower/index.js';
import { lowerOne } from './helpers.js';

const text = (src: string, name: string, assume: Record<string, number | 'any'> = {}) =>
  lowerOne(src, name, { assume }).body.map(formatInstr);

describe('control flow', () => {
  it('goto rollback jumps to the label; early return ends the path', () => {
    const src = `
int f(spinlock_t *a, struct page *page)
{
	int ret = 0;
	spin_lock(a);
	if (!trylock_page(page))
		goto rollback;
	if (PageUptodate(page))
		return 1;
	unlock_page(page);
rollback:
	spin_unlock(a);
	return ret;
}`;
    const ir = text(src, 'f');
    const jmp = ir.find((l) => l.startsWith('jmp'))!;
    const target = Number(jmp.split(' ')[1]);
    expect(ir[target]).toBe('unlock(a)  [spin_unlock]');
    expect(ir).toContain('ret 1');
    expect(ir[ir.length - 1]).toBe('ret ret');
    expect(ir.filter((l) => l.startsWith('br')).length).toBe(2);
  });

  it('lowers for / while / do-while with break, continue and comma conditions', () => {
    const src = `
void f(struct page *page, unsigned long addr, unsigned long end)
{
	int i;
	for (i = 0; i < HPAGE_PMD_NR; i++) {
		if (i == 1)
			continue;
		if (i == 3)
			break;
		get_page(page);
	}
	do {
		put_page(page);
	} while (addr++, addr != end);
	while (!folio_try_get(page))
		cond_resched();
}`;
    const ir = text(src, 'f', { HPAGE_PMD_NR: 4 });
    expect(ir.slice(0, 9)).toEqual([
      'i = 0', 'br (i < 4) ? 2 : 9', 'br (i == 1) ? 3 : 4', 'jmp 7', // continue → the update
      'br (i == 3) ? 5 : 6', 'jmp 9', // break → after the loop
      'ref_get(page)  [get_page]', 'i = (i + 1)', 'jmp 1',
    ]);
    expect(ir.slice(9, 12)).toEqual(['ref_put(page, 1)  [put_page]', 'addr = (addr + 1)', 'br (addr != end) ? 9 : 12']);
    expect(ir.slice(12, 16)).toEqual(['$t1 = ref_tryget(page)  [folio_try_get]', 'br !$t1 ? 14 : 16', 'sleep()  [cond_resched]', 'jmp 12']);
  });

  it('switch compares in order and keeps fall-through', () => {
    const src = `
int f(int v)
{
	int r = 0;
	switch (v) {
	case 1:
		r = 10;
	case 2:
		r = r + 1;
		break;
	default:
		r = 5;
	}
	return r;
}`;
    const ir = text(src, 'f');
    expect(ir).toEqual([
      'r = 0', 'br (v == 1) ? 4 : 2', 'br (v == 2) ? 5 : 3', 'jmp 7',
      'r = 10', 'r = (r + 1)', 'jmp 8', 'r = 5', 'ret r',
    ]);
  });

  it('evaluates known conditions and keeps only the taken branch', () => {
    const src = `
void f(struct vm_area_struct *vma, unsigned long zap_flags)
{
	if (IS_ENABLED(CONFIG_TRANSPARENT_HUGEPAGE))
		mmap_read_lock(vma->vm_mm);
	if (zap_flags & ZAP_FLAG_UNMAP)
		__hugetlb_vma_unlock_write_free(vma);
	if (!vma->anon_vma)
		return;
	if (is_vm_hugetlb_page(vma))
		hugetlb_vma_lock_write(vma);
}`;
    const ir = text(src, 'f', { CONFIG_TRANSPARENT_HUGEPAGE: 0, is_vm_hugetlb_page: 1 });
    expect(ir).toEqual([
      'br (zap_flags & 2) ? 1 : 4',
      'br vma->hvlock ? 2 : 4', // the hugetlb vma_lock helpers act only when the lock exists
      'hvlock_free(vma)  [__hugetlb_vma_unlock_write_free]',
      'unlock(vma->vm_private_data)  [__hugetlb_vma_unlock_write_free]',
      'br !vma->anon_vma ? 5 : 6', 'ret',
      'br vma->hvlock ? 7 : 8', 'lock(vma->vm_private_data, 0)  [hugetlb_vma_lock_write]', 'ret',
    ]);
  });

  it('records unknown conditions and explores both branches', () => {
    const fn = lowerOne(`void f(struct foo *x) { if (x->weird && mystery) put_page(x); }`, 'f');
    const br = fn.body.find((i) => i.op === 'br');
    expect(br && formatInstr(br)).toMatch(/any</);
    expect(fn.unmodelled.filter((u) => u.what === 'condition').map((u) => u.name)).toEqual(['x->weird', 'mystery']);
  });

  it('picks #ifdef branches from assume, else the first branch (recorded)', () => {
    const src = `
void f(struct page *p)
{
#ifdef CONFIG_A
	get_page(p);
#else
	put_page(p);
#endif
}`;
    expect(text(src, 'f', { CONFIG_A: 0 })[0]).toBe('ref_put(p, 1)  [put_page]');
    const fn = lowerOne(src, 'f');
    expect(formatInstr(fn.body[0])).toBe('ref_get(p)  [get_page]');
    expect(fn.unmodelled[0].what).toBe('construct');
  });
});

describe('expressions', () => {
  it('ternaries, short-circuit with effects, WARN_ON, VM_BUG_ON, READ_ONCE, casts', () => {
    const src = `
int f(struct page *page, int a)
{
	int x = a ? 2 : 3;
	VM_BUG_ON(PageLocked(page));
	VM_BUG_ON(!trylock_page(page));
	if (WARN_ON(READ_ONCE(a) > 1) || !folio_try_get((struct folio *)page))
		return x;
	WRITE_ONCE(x, 7);
	return x;
}`;
    const ir = text(src, 'f');
    expect(ir.slice(0, 5)).toEqual(['br a ? 1 : 3', '$t1 = 2', 'jmp 4', '$t1 = 3', 'x = $t1']);
    expect(ir.filter((l) => l.includes('page_locked'))).toEqual([]);
    expect(ir.some((l) => l.includes('page_trylock(page)'))).toBe(true);
    // the try-get runs only when WARN_ON's condition is false
    const tryget = ir.findIndex((l) => l.includes('ref_tryget'));
    expect(ir.slice(0, tryget).some((l) => /br \$t\d+ \? \d+ : \d+/.test(l))).toBe(true);
    expect(ir).toContain('x = 7');
  });

  it('field reads: modelled objects give field, others any; struct locals give member locals', () => {
    const src = `
void f(struct vm_area_struct *vma, struct page *page, struct foo *foo)
{
	struct mmu_notifier_range range;
	unsigned long a = vma->vm_start, b = foo->bar, c;
	mmu_notifier_range_init(&range, MMU_NOTIFY_CLEAR, 0, vma, vma->vm_mm, a, a + 2);
	mmu_notifier_invalidate_range_start(&range);
	c = range.end;
	page->mapping = NULL;
	mmu_notifier_invalidate_range_end(&range);
}`;
    const ir = text(src, 'f');
    expect(ir).toContain('a = vma->vm_start');
    expect(ir.find((l) => l.startsWith('b = '))).toMatch(/^b = any</);
    expect(ir).toContain('range.event = 2');
    expect(ir).toContain('notify_start(range.event, range.start, range.end)  [mmu_notifier_invalidate_range_start]');
    expect(ir).toContain('c = range.end');
    expect(ir).toContain('page_set_mapping(page, 0)  [page->mapping =]');
  });

  it('block-scoped shadowing is renamed; enum constants of the file are known', () => {
    const src = `
enum scan_result { SCAN_FAIL, SCAN_SUCCEED, SCAN_PAGE_LOCK = 7, SCAN_NEXT };
int f(int x)
{
	int r = SCAN_NEXT;
	{
		int r = SCAN_SUCCEED;
		x = r;
	}
	return r;
}`;
    expect(text(src, 'f')).toEqual(['r = 8', 'r#2 = 1', 'x = r#2', 'ret r']);
  });
});

describe('robustness', () => {
  it('never throws on broken or unfamiliar C and keeps file/line/fn on every instruction', () => {
    const src = `
static int __init weird(void)
{
	int x = ({ int q = 3; q + 1; });
	asm volatile("nop");
	x = (struct { int a; }){ 1 }.a;
	for_each_hstate(h) { x += 1; }
	if (x <<= 2, x) goto nowhere;
	return x @@ 3;
}
SYSCALL_DEFINE2(munmap, unsigned long, addr, size_t, len)
{
	mmap_write_lock(current->mm);
	return 0;
}`;
    const fns = lowerFunctions(src, 'weird.c');
    expect(fns.map((f) => f.name).sort()).toEqual(['sys_munmap', 'weird']);
    for (const f of fns)
      for (const i of f.body) if (i.op !== 'jmp') expect(i.loc).toEqual({ file: 'weird.c', line: i.loc.line, fn: f.name });
    const munmap = fns.find((f) => f.name === 'sys_munmap')!;
    expect(munmap.body[0].op === 'eff' && munmap.body[0].loc.line).toBe(13);
    expect(fns.find((f) => f.name === 'weird')!.unmodelled.some((u) => u.name.includes('nowhere'))).toBe(true);
  });
});
