import { describe, expect, it } from 'vitest';
import { FALLBACK_TEXT, locateFunctions, spanAt } from '../../src/extract/locate.js';
import { locateByText } from '../../src/extract/locate-text.js';
import { maskKernelAnnotations } from '../../src/extract/mask.js';

/** name → [start, end] of every definition (not prototypes). */
function defs(src: string): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const s of locateFunctions(src)) if (!s.declarationOnly) out[s.name] = [s.start, s.end];
  return out;
}

describe('locateFunctions on kernel style', () => {
  it('treats iterator macros as loop heads inside one function', () => {
    const src = [
      'static void walk(struct list_head *head, struct xa_state *xas)', // 1
      '{',
      '\tstruct page *p, *n;',
      '\tlist_for_each_entry(p, head, lru) {',
      '\t\tfoo(p);',
      '\t}',
      '\tlist_for_each_entry_safe(p, n, head, lru)',
      '\t\tlist_del(&p->lru);',
      '\txas_for_each(xas, p, 511) {',
      '\t\tif (xas_retry(xas, p))',
      '\t\t\tcontinue;',
      '\t}',
      '\tfor_each_vma(vmi, vma) {',
      '\t\tbar(vma);',
      '\t}',
      '\tfor_each_vma_range(vmi, vma, end)',
      '\t\tbar(vma);',
      '\tmas_for_each(&mas, vma, ULONG_MAX) {',
      '\t\tbaz(vma);',
      '\t}',
      '}', // 21
      'int after(void)',
      '{',
      '\treturn 0;',
      '}',
    ].join('\n');
    expect(defs(src)).toEqual({ walk: [1, 21], after: [22, 25] });
  });

  it('reads attributes as attributes, not as function names', () => {
    const src = [
      'static int __init setup_thing(void)',
      '{',
      '\treturn 0;',
      '}',
      'static __always_inline bool fast_path(int x)',
      '{',
      '\treturn x > 0;',
      '}',
      'static inline int __must_check must(void)',
      '{',
      '\treturn 1;',
      '}',
      'static noinline void slow_path(void)',
      '{',
      '}',
      'static void __maybe_unused spare(struct vm_area_struct *vma,',
      '\t\tunsigned long start)',
      '{',
      '}',
    ].join('\n');
    const spans = locateFunctions(src);
    expect(spans.map((s) => s.name)).toEqual(['setup_thing', 'fast_path', 'must', 'slow_path', 'spare']);
    expect(spans.every((s) => s.fallback === undefined)).toBe(true);
    expect(defs(src).spare).toEqual([16, 19]);
  });

  it('keeps positions when masking annotations', () => {
    const text = 'static int __init f(void) __acquires(&l)\n{\n}\n';
    const masked = maskKernelAnnotations(text);
    expect(masked.length).toBe(text.length);
    expect(masked.split('\n').map((l) => l.length)).toEqual(text.split('\n').map((l) => l.length));
    expect(masked).not.toContain('__init');
    expect(masked).not.toContain('__acquires');
  });

  it('handles goto labels, VM_BUG_ON and EXPORT_SYMBOL lines', () => {
    const src = [
      'int collapse(struct page *page)', // 1
      '{',
      '\tint result = 0;',
      '\tVM_BUG_ON(!page);',
      '\tif (!trylock_page(page))',
      '\t\tgoto out;',
      '\tVM_BUG_ON_PAGE(PageTail(page), page);',
      'out_unlock:',
      '\tunlock_page(page);',
      'out:',
      '\treturn result;',
      '}', // 12
      'EXPORT_SYMBOL(collapse);',
      'EXPORT_SYMBOL_GPL(other);',
      'void other(void)',
      '{',
      '}',
    ].join('\n');
    expect(defs(src)).toEqual({ collapse: [1, 12], other: [15, 17] });
  });

  it('finds functions inside #ifdef blocks and with #ifdef blocks inside', () => {
    const src = [
      '#ifdef CONFIG_A', // 1
      'int guarded(int a)',
      '{',
      '#ifdef CONFIG_B',
      '\ta++;',
      '#endif',
      '\treturn a;',
      '}', // 8
      '#else',
      'static inline int guarded(int a)',
      '{',
      '\treturn 0;',
      '}', // 13
      '#endif',
    ].join('\n');
    const spans = locateFunctions(src).filter((s) => s.name === 'guarded');
    expect(spans.map((s) => [s.start, s.end])).toEqual([[2, 8], [10, 13]]);
  });

  it('falls back to header + brace matching when #ifdef branches unbalance the braces', () => {
    const src = [
      'static bool want_share(struct vm_area_struct *vma)', // 1
      '{',
      '#ifdef CONFIG_USERFAULTFD',
      '\tif (userfaultfd_minor(vma)) {',
      '#else',
      '\tif (0) {',
      '#endif',
      '\t\treturn false;',
      '\t}',
      '\treturn true;',
      '}', // 11
      'int next_one(void)',
      '{',
      '\treturn 1;',
      '}', // 15
    ].join('\n');
    const spans = locateFunctions(src);
    const want = spans.find((s) => s.name === 'want_share');
    expect(want).toMatchObject({ start: 1, end: 11 });
    expect(want?.fallback).toBeDefined();
    expect(spans.find((s) => s.name === 'next_one')).toMatchObject({ start: 12, end: 15 });
  });

  it('names SYSCALL_DEFINE functions sys_<name> (text fallback)', () => {
    const src = 'SYSCALL_DEFINE3(madvise, unsigned long, start, size_t, len_in, int, behavior)\n{\n\treturn 0;\n}\n';
    expect(locateFunctions(src)).toEqual([{ name: 'sys_madvise', start: 1, end: 4, declarationOnly: false, fallback: FALLBACK_TEXT }]);
  });

  it('reports prototypes as declarations and static inline stubs as definitions', () => {
    const src = [
      'void unmap_hugepage_range(struct vm_area_struct *,',
      '\t\t\t  unsigned long, unsigned long, struct page *,',
      '\t\t\t  zap_flags_t);',
      'static inline void stub(void) { }',
      'static inline int',
      'split_return(struct mm_struct *mm)',
      '{',
      '\treturn 0;',
      '}',
      'static DEFINE_MUTEX(some_mutex);',
      'static inline struct shmem_sb_info *SHMEM_SB(struct super_block *sb)',
      '{',
      '\treturn sb->s_fs_info;',
      '}',
      'struct thing { int (*op)(int); };',
      'static const struct ops my_ops = { .op = f };',
    ].join('\n');
    const spans = locateFunctions(src);
    expect(spans.map((s) => [s.name, s.start, s.end, s.declarationOnly])).toEqual([
      ['unmap_hugepage_range', 1, 3, true],
      ['stub', 4, 4, false],
      ['split_return', 5, 9, false],
      ['SHMEM_SB', 11, 14, false],
    ]);
  });

  it('text locator: upper-case names with a body are functions, macro invocations are not', () => {
    const src = 'static DEFINE_MUTEX(m);\nstatic inline struct x *SB_OF(struct sb *sb)\n{\n\treturn sb->info;\n}\nstatic LIST_HEAD(l);\n';
    expect(locateByText(src).map((s) => [s.name, s.start, s.end, s.declarationOnly])).toEqual([['SB_OF', 2, 5, false]]);
  });

  it('spanAt prefers the definition enclosing a line', () => {
    const spans = locateFunctions('int f(void);\nint f(void)\n{\n\treturn 0;\n}\n');
    expect(spanAt(spans, 4)?.declarationOnly).toBe(false);
    expect(spanAt(spans, 1)?.declarationOnly).toBe(true);
    expect(spanAt(spans, 6)).toBeUndefined();
  });
});
