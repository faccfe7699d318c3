/**
 * Kernel annotation macros (section markers, inlining hints, sparse annotations) blanked out before
 * parsing. tree-sitter-c does not know these macros and otherwise reads `static int __init f(void)` as a
 * declaration of `__init` followed by a function named by its return type. Blanking keeps every
 * character at its place, so rows and columns of the masked text are those of the original.
 */

/** Annotations written as a bare word. */
const BARE = [
  '__init', '__exit', '__initdata', '__initconst', '__exitdata', '__meminit', '__meminitdata', '__ref',
  '__refdata', '__init_or_module', '__always_inline', '__inline', 'noinline', '__noinline', 'noinline_for_stack',
  '__must_check', '__maybe_unused', '__always_unused', '__used', '__unused', '__weak', '__cold', '__hot',
  '__pure', '__noreturn', '__sched', '__visible', '__flatten', 'notrace', '__latent_entropy', '__malloc',
  '__attribute_const__', '__nocfi', '__noclone', 'noinstr', '__cpuidle', 'asmlinkage', '__kprobes',
  '__read_mostly', '__ro_after_init', '__rcu', '__user', '__kernel', '__iomem', '__percpu', '__force',
  '__safe', '__nocast', '__private', '__no_sanitize_address', '__no_kcsan', '__no_profile', '__always_used',
  '__randomize_layout', '__packed', '__irq_entry', '__softirq_entry', '__lockfunc', '__sched_notrace',
  'fastcall', '__mustcheck', '__deprecated', '__init_memblock', '__meminit_or_module',
];

/** Annotations that take a parenthesised argument list. */
const WITH_ARGS = [
  '__acquires', '__releases', '__must_hold', '__cond_acquires', '__cond_releases', '__printf', '__scanf',
  '__aligned', '__section', '__alloc_size', '__realloc_size', '__assume_aligned', '__diag_ignore',
  '__no_sanitize_or_inline', '__counted_by', '__nonstring_array',
];

const BARE_RE = new RegExp(`\\b(?:${BARE.join('|')})\\b`, 'g');
const ARGS_RE = new RegExp(`\\b(?:${WITH_ARGS.join('|')})\\s*\\(`, 'g');

function blank(s: string): string {
  return s.replace(/[^\n]/g, ' ');
}

/** Index just past the parenthesis that closes the one at `open`, or -1. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

/** The text with kernel annotation macros replaced by spaces (same length, same line breaks). */
export function maskKernelAnnotations(text: string): string {
  let out = text.replace(BARE_RE, blank);
  const spans: [number, number][] = [];
  for (const m of out.matchAll(ARGS_RE)) {
    const end = closingParen(out, m.index! + m[0].length - 1);
    if (end > 0) spans.push([m.index!, end]);
  }
  for (const [s, e] of spans.reverse()) out = out.slice(0, s) + blank(out.slice(s, e)) + out.slice(e);
  return out;
}
