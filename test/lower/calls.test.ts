/**
 * Calls: primitive-table entries, out-parameters, xa_state cursors, lists, program calls, opaque calls.
 */
import { describe, expect, it } from 'vitest';
import { formatInstr } from '../../src/extract/lower/print.js';
import { lowerProgram } from '../../src/extract/lower/index.js';
import { lowerOne, program } from './helpers.js';

const text = (src: string, name: string, assume: Record<string, number | 'any'> = {}) =>
  lowerOne(src, name, { assume }).body.map(formatInstr);

describe('primitive calls', () => {
  it('pte_offset_map_lock locks the PTL of the pmd and fills the &ptl out-parameter', () => {
    const src = `
void walk(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
	pte_t ptent = *pte;
	if (!pte_none(ptent))
		ptep_get_and_clear(mm, addr, pte);
	pte_unmap_unlock(pte, ptl);
}`;
    expect(text(src, 'walk')).toEqual([
      'lock(pmd->ptl, 0)  [pte_offset_map_lock]',
      'ptl = pmd->ptl',
      'pte = addr',
      '$t1 = pte_get(pte)  [*pte]',
      'ptent = $t1',
      'br !(ptent == 0) ? 6 : 7',
      '$t2 = pte_clear(addr)  [ptep_get_and_clear]',
      'unlock(ptl)  [pte_unmap_unlock]',
      'ret',
    ]);
  });

  it('xa_state cursors: XA_STATE, xas_next, xas_set, multi-index store after xas_set_order', () => {
    const src = `
void scan(struct address_space *mapping, pgoff_t start, struct page *hpage)
{
	XA_STATE(xas, &mapping->i_pages, start);
	struct page *page;
	xas_lock_irq(&xas);
	page = xas_next(&xas);
	if (xas_retry(&xas, page) || xa_is_value(page))
		page = NULL;
	xas_set_order(&xas, start, HPAGE_PMD_ORDER);
	xas_store(&xas, hpage);
	xas_unlock_irq(&xas);
}`;
    const ir = text(src, 'scan', { HPAGE_PMD_NR: 4 });
    expect(ir.slice(0, 7)).toEqual([
      'xas.xa_index = start',
      'xas.span = 1',
      'xas.restart = 1',
      'lock(@xa_lock, 0)  [xas_lock_irq]',
      // right after XA_STATE / xas_set the cursor is at XAS_RESTART: xas_next reads `start` itself
      'xas.xa_index = (xas.xa_index + !xas.restart)',
      'xas.restart = 0',
      '$t1 = xa_load(xas.xa_index)  [xas_next]',
    ]);
    expect(ir).toContain('br ((page == 250) || (page == 251)) ? 9 : 10');
    expect(ir).toContain('xas.span = 4');
    expect(ir).toContain('xa_store_range(xas.xa_index, (xas.xa_index + xas.span), hpage)  [xas_store]');
    expect(ir[ir.length - 2]).toBe('unlock(@xa_lock)  [xas_unlock_irq]');
  });

  it('adjust_range_if_pmd_sharing_possible widens a hugetlb range to the VMA through its out-parameters', () => {
    const src = `
void z(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	struct mmu_notifier_range range;
	mmu_notifier_range_init(&range, MMU_NOTIFY_UNMAP, 0, vma, vma->vm_mm, start, end);
	adjust_range_if_pmd_sharing_possible(vma, &range.start, &range.end);
	mmu_notifier_invalidate_range_start(&range);
}`;
    expect(text(src, 'z').slice(3)).toEqual([
      'br vma->hugetlb ? 4 : 6',
      'range.start = vma->vm_start',
      'range.end = vma->vm_end',
      'notify_start(range.event, range.start, range.end)  [mmu_notifier_invalidate_range_start]',
      'ret',
    ]);
  });

  it('mmap_write_unlock ends every VMA write lock first; locks named by owner are world objects', () => {
    const src = `
void f(struct mm_struct *mm, struct address_space *mapping, struct vm_area_struct *vma)
{
	mmap_write_lock(mm);
	vma_start_write(vma);
	i_mmap_lock_read(mapping);
	down_write(&mapping->i_mmap_rwsem);
	i_mmap_unlock_read(mapping);
	mmap_write_unlock(mm);
}`;
    expect(text(src, 'f')).toEqual([
      'lock(@mmap_lock, 0)  [mmap_write_lock]',
      'vma_wlock(vma)  [vma_start_write]',
      'lock(@i_mmap_rwsem, 1)  [i_mmap_lock_read]',
      'lock(@i_mmap_rwsem, 0)  [down_write]',
      'unlock(@i_mmap_rwsem)  [i_mmap_unlock_read]',
      'mm_seq_inc()  [mmap_write_unlock]',
      'unlock(@mmap_lock)  [mmap_write_unlock]',
      'ret',
    ]);
  });

  it('unknown calls become opaque steps with an unknown result, and are recorded', () => {
    const fn = lowerOne(`int f(struct page *p) { int r = frobnicate(p, get_page(p)); return r; }`, 'f');
    expect(fn.body.map(formatInstr)).toEqual(['ref_get(p)  [get_page]', 'opaque frobnicate', 'r = any<frobnicate()>', 'ret r']);
    expect(fn.unmodelled).toEqual([{ name: 'frobnicate', loc: { file: 'test.c', line: 1, fn: 'f' }, what: 'call' }]);
  });

  it('pinned results (assume) replace a call, a table entry included', () => {
    expect(text(`int f(struct page *p) { return PageTransCompound(p) + PageUptodate(p); }`, 'f', { PageUptodate: 1, PageTransCompound: 0 })).toEqual(['ret 1']);
  });
});

describe('program calls', () => {
  const src = `
static int alloc(struct page **hpage, struct page *src)
{
	*hpage = src;
	return 0;
}

static int user(struct page *src)
{
	struct page *hpage = NULL;
	int r = alloc(&hpage, src);
	if (r)
		return r;
	lock_page(hpage);
	return 0;
}

static void unused(void)
{
	mystery();
}`;

  it('become call instructions, with &local arguments copied back (outs)', () => {
    const prog = program(src);
    const user = prog.functions.get('user')!;
    expect(user.body.map(formatInstr)).toContain('$t1 = call alloc(hpage, src) outs hpage->hpage');
    expect(prog.functions.get('alloc')!.body.map(formatInstr)).toEqual(['hpage = src', 'ret 0']);
  });

  it('lowerProgram with only: the named functions and what they call', () => {
    expect([...program(src).functions.keys()]).toEqual(['alloc', 'unused', 'user']);
    const prog = lowerProgram([{ path: 'a.c', text: src }], { origin: 'test', only: ['user'] });
    expect([...prog.functions.keys()]).toEqual(['alloc', 'user']);
    expect(prog.origin).toBe('test');
  });
});

describe('iterators', () => {
  const src = `
void walk(struct address_space *mapping)
{
	struct vm_area_struct *vma;
	vma_interval_tree_foreach(vma, &mapping->i_mmap, 0, 0) {
		if (vma->anon_vma)
			continue;
		vma_start_write(vma);
	}
	for_each_hstate(h) {
		get_page(h);
	}
}`;

  it('walk the objects a scenario lists for the macro (LowerOptions.iterate)', () => {
    const fn = lowerOne(src, 'walk', { iterate: { vma_interval_tree_foreach: ['V1', 'V2'] } });
    const ir = fn.body.map(formatInstr);
    expect(ir[1]).toBe('br ($t1 < 2) ? 2 : 10');
    expect(ir[2]).toBe('$t2 = ((($t1 == 0) * @V1) + (($t1 == 1) * @V2))');
    expect(ir).toContain('vma_wlock(vma)  [vma_start_write]');
    expect(fn.unmodelled.map((u) => u.name)).toEqual(['iterator for_each_hstate']);
  });

  it('other iterators run zero or one pass with an unknown element (misparsed bodies included)', () => {
    const fn = lowerOne(src, 'walk');
    const ir = fn.body.map(formatInstr);
    expect(ir.filter((l) => /^br any<(vma_interval_tree_foreach|for_each_hstate) has an element>/.test(l))).toHaveLength(2);
    expect(ir).toContain('vma = 0');
    expect(ir).toContain('ref_get(h)  [get_page]');
    expect(fn.unmodelled.map((u) => u.name)).toEqual(['iterator vma_interval_tree_foreach', 'iterator for_each_hstate']);
  });

  it('list_for_each_entry_reverse walks from the last slot', () => {
    const fn = lowerOne(`void f(struct page *a) { LIST_HEAD(l); struct page *p; list_add_tail(&a->lru, &l); list_for_each_entry_reverse(p, &l, lru) put_page(p); }`, 'f', { assume: { LIST_MAX: 2 } });
    expect(fn.body.map(formatInstr)).toContain('$t2 = (((((l#n - 1) - $t1) == 0) * l[0]) + ((((l#n - 1) - $t1) == 1) * l[1]))');
  });
});

describe('determinism', () => {
  it('lowering the same program twice gives the same IR', () => {
    const src = `
static int a(struct page *p) { LIST_HEAD(l); list_add(&p->lru, &l); return b(p) ? mystery(p) : 0; }
static int b(struct page *p) { XA_STATE(xas, NULL, 0); return xas_next(&xas) == p; }`;
    const dump = () => JSON.stringify([...program(src).functions]);
    expect(dump()).toBe(dump());
  });
});
