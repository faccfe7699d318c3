import { describe, expect, it } from 'vitest';
import { contextFunctionName } from '../../src/extract/fragments.js';
import { touchedFunctions } from '../../src/extract/functions.js';
import { simplePatch } from './simple-patch.js';

function diff(path: string, body: string): string {
  return `--- a/${path}\n+++ b/${path}\n${body}`;
}

function summary(text: string, repaired = false) {
  const patch = simplePatch(text);
  patch.repaired = repaired;
  return touchedFunctions(patch).map((f) => ({ name: f.name, kind: f.kind, removed: f.removedLines, added: f.addedLines, decl: !!f.declarationOnly }));
}

describe('contextFunctionName', () => {
  it('reads the function from the @@ context', () => {
    expect(contextFunctionName('static int collapse_file(struct mm_struct *mm, unsigned long addr,')).toBe('collapse_file');
    expect(contextFunctionName('madvise_set_anon_name(struct mm_struct *mm, unsigned long start,')).toBe('madvise_set_anon_name');
    expect(contextFunctionName('struct page *follow(struct vm_area_struct *vma)')).toBe('follow');
    expect(contextFunctionName('SYSCALL_DEFINE6(mmap_pgoff, unsigned long, addr, unsigned long, len,')).toBe('sys_mmap_pgoff');
  });
  it('rejects contexts that are not function headers', () => {
    expect(contextFunctionName('struct hugetlb_vma_lock {')).toBeUndefined();
    expect(contextFunctionName('EXPORT_SYMBOL(foo);')).toBeUndefined();
    expect(contextFunctionName('out:')).toBeUndefined();
    expect(contextFunctionName('')).toBeUndefined();
  });
});

describe('touched functions from fragments', () => {
  it('attributes a hunk to its @@ context function', () => {
    const text = diff('mm/khugepaged.c', [
      '@@ -10,5 +10,5 @@ static int collapse_file(struct mm_struct *mm, unsigned long addr,',
      ' \txas_lock_irq(&xas);',
      ' \tlist_for_each_entry(page, &pagelist, lru) {',
      '-\t\tpage_ref_freeze(page, 3);',
      '+\t\tpage_ref_count(page);',
      ' \t}',
      ' \txas_unlock_irq(&xas);',
      '',
    ].join('\n'));
    expect(summary(text)).toEqual([{ name: 'collapse_file', kind: 'changed', removed: [12], added: [12], decl: false }]);
  });

  it('gives lines after a new function header to that function', () => {
    const text = diff('mm/hugetlb.c', [
      '@@ -20,9 +20,16 @@ static void __unmap_hugepage_range(struct mmu_gather *tlb,',
      ' \tif (force_flush)',
      ' \t\ttlb_flush_mmu_tlbonly(tlb);',
      ' }',
      ' ',
      '+static void helper(struct vm_area_struct *vma)',
      '+{',
      '+\thugetlb_vma_lock_write(vma);',
      '+}',
      '+',
      ' void __unmap_hugepage_range_final(struct mmu_gather *tlb,',
      ' \t\tstruct vm_area_struct *vma)',
      ' {',
      '-\tfree_it(vma);',
      '+\tif (final)',
      '+\t\tfree_it(vma);',
      ' }',
      '',
    ].join('\n'));
    expect(summary(text)).toEqual([
      { name: '__unmap_hugepage_range_final', kind: 'changed', removed: [27], added: [32, 33], decl: false },
      { name: 'helper', kind: 'added', removed: [], added: [24, 25, 26, 27], decl: false },
    ]);
  });

  it('sees a removed function and a renamed header', () => {
    const text = diff('mm/a.c', [
      '@@ -5,11 +5,7 @@ int keep(void)',
      ' \treturn 0;',
      ' }',
      ' ',
      '-static void gone(void)',
      '-{',
      '-\tbar();',
      '-}',
      '-',
      '-int old_name(int x)',
      '+int new_name(int x)',
      ' {',
      ' \treturn x;',
      '',
    ].join('\n'));
    expect(summary(text)).toEqual([
      { name: 'gone', kind: 'removed', removed: [8, 9, 10, 11], added: [], decl: false },
      { name: 'new_name', kind: 'added', removed: [], added: [8], decl: false },
      { name: 'old_name', kind: 'removed', removed: [13], added: [], decl: false },
    ]);
  });

  it('detects prototypes and static inline stubs in header hunks', () => {
    const text = diff('include/linux/hugetlb.h', [
      '@@ -158,6 +158,8 @@ long follow_hugetlb_page(struct mm_struct *, struct vm_area_struct *,',
      ' void unmap_hugepage_range(struct vm_area_struct *,',
      ' \t\t\t  unsigned long, unsigned long, struct page *,',
      ' \t\t\t  zap_flags_t);',
      '+void clear_range(struct vm_area_struct *vma,',
      '+\t\t unsigned long start, unsigned long end);',
      ' void __unmap_hugepage_range_final(struct mmu_gather *tlb,',
      ' \t\t\t  struct vm_area_struct *vma,',
      ' \t\t\t  unsigned long start, unsigned long end);',
      '@@ -428,6 +430,11 @@ static inline void __unmap_hugepage_range_final(struct mmu_gather *tlb,',
      ' \tBUG();',
      ' }',
      ' ',
      '+static void __maybe_unused clear_range(struct vm_area_struct *vma,',
      '+\t\t\tunsigned long start, unsigned long end)',
      '+{',
      '+}',
      '+',
      ' static inline vm_fault_t hugetlb_fault(struct mm_struct *mm,',
      ' \t\t\tstruct vm_area_struct *vma, unsigned long address,',
      ' \t\t\tunsigned int flags)',
      '',
    ].join('\n'));
    expect(summary(text)).toEqual([
      { name: 'clear_range', kind: 'added', removed: [], added: [161, 162], decl: true },
      { name: 'clear_range', kind: 'added', removed: [], added: [433, 434, 435, 436], decl: false },
    ]);
  });

  it('does not attribute macro-only hunks to the context function', () => {
    const text = diff('include/linux/mm.h', [
      '@@ -3464,4 +3464,7 @@ madvise_set_anon_name(struct mm_struct *mm, unsigned long start,',
      '  */',
      ' #define ZAP_FLAG_DROP_MARKER ((__force zap_flags_t) BIT(0))',
      ' ',
      '+/* Set in unmap_vmas() to indicate an unmap call. */',
      '+#define ZAP_FLAG_UNMAP ((__force zap_flags_t) BIT(1))',
      '+',
      ' #endif /* _LINUX_MM_H */',
      '',
    ].join('\n'));
    expect(summary(text)).toEqual([]);
  });

  it('gives a comment directly above a header and EXPORT_SYMBOL lines to the function', () => {
    const text = diff('mm/b.c', [
      '@@ -1,8 +1,10 @@',
      '-/* Old words. */',
      '+/* New words. */',
      ' int api(void)',
      ' {',
      ' \treturn 0;',
      ' }',
      '+EXPORT_SYMBOL(api);',
      ' ',
      ' int other(void)',
      '+',
      ' {',
      '',
    ].join('\n'));
    expect(summary(text)).toEqual([
      { name: 'api', kind: 'changed', removed: [1], added: [1, 6], decl: false },
      { name: 'other', kind: 'changed', removed: [], added: [9], decl: false },
    ]);
  });

  it('ends the context function at a column-0 brace (intact patch) but not when indentation was repaired', () => {
    const body = [
      '@@ -50,4 +50,5 @@ static int f(void)',
      ' \treturn 0;',
      ' }',
      '+',
      ' ',
      '',
    ].join('\n');
    expect(summary(diff('mm/c.c', body))).toEqual([]);
    const code = [
      '@@ -50,5 +50,6 @@ static int f(void)',
      ' \tif (x) {',
      ' \t\ty();',
      ' \t}',
      '+\tz();',
      ' \treturn 0;',
      '',
    ].join('\n');
    expect(summary(diff('mm/c.c', code))).toEqual([{ name: 'f', kind: 'changed', removed: [], added: [53], decl: false }]);
    const repairedCode = code.replace(/\t/g, '');
    expect(summary(diff('mm/c.c', repairedCode), true)).toEqual([{ name: 'f', kind: 'changed', removed: [], added: [53], decl: false }]);
  });

  it('in repaired fragments, keeps lines after closing braces in the function when code follows', () => {
    const body = [
      '@@ -1930,9 +1930,6 @@ static int collapse_file(struct mm_struct *mm, unsigned long addr,',
      ' }',
      ' } while (1);',
      ' ',
      '-/*',
      '- * A comment about the next step.',
      '- */',
      ' xas_set(&xas, start);',
      ' for (index = start; index < end; index++) {',
      ' page = xas_next(&xas);',
      '',
    ].join('\n');
    expect(summary(diff('mm/khugepaged.c', body), true)).toEqual([
      { name: 'collapse_file', kind: 'changed', removed: [1933, 1934, 1935], added: [], decl: false },
    ]);
    const trailing = [
      '@@ -80,4 +80,6 @@ static int g(void)',
      ' return 0;',
      ' }',
      '+',
      '+/* nothing after */',
      ' ',
      ' #endif',
      '',
    ].join('\n');
    expect(summary(diff('mm/g.c', trailing), true)).toEqual([]);
  });

  it('knows the context function ends at its own closing brace when the hunk starts in its header', () => {
    const body = [
      '@@ -10,10 +10,11 @@ static void first(struct mm_struct *mm,',
      ' \t\t  unsigned long addr)',
      ' {',
      '-\tfoo(mm);',
      '+\tfoo(mm, addr);',
      ' }',
      ' ',
      ' static void second(void)',
      ' {',
      '+\tbar();',
      ' \tbaz();',
      '',
    ].join('\n');
    expect(summary(diff('mm/d.c', body))).toEqual([
      { name: 'first', kind: 'changed', removed: [12], added: [12], decl: false },
      { name: 'second', kind: 'changed', removed: [], added: [17], decl: false },
    ]);
  });

  it('does not take a labelled block for the start of the context function', () => {
    const body = [
      '@@ -2267,9 +2267,8 @@ static int collapse_file(struct mm_struct *mm, unsigned long addr,',
      'rollback:',
      ' if (nr_none) {',
      ' mapping->nrpages -= nr_none;',
      ' }',
      '-xas_set(&xas, start);',
      '-for (index = start; index < end; index++) {',
      '+list_for_each_entry_safe(page, tmp, &pagelist, lru) {',
      ' list_del(&page->lru);',
      ' }',
      '',
    ].join('\n');
    expect(summary(diff('mm/khugepaged.c', body), true)).toEqual([
      { name: 'collapse_file', kind: 'changed', removed: [2271, 2272], added: [2271], decl: false },
    ]);
  });

  it('skips files that are not C sources', () => {
    const text = diff('Documentation/mm/x.rst', '@@ -1,1 +1,1 @@\n-a\n+b\n');
    expect(summary(text)).toEqual([]);
  });
});
