/**
 * Kernel-source normalisation before parsing, keeping every line where it was: annotations that
 * tree-sitter-c cannot parse (`__init`, `__attribute__((weak))`, ...) are blanked with spaces, and
 * `SYSCALL_DEFINEn(name, type, arg, ...)` headers become `long sys_name(type arg, ...)`.
 */

const ANNOTATIONS = [
  '__init', '__meminit', '__exit', '__ref', '__read_mostly', '__ro_after_init', '__initdata', '__initconst',
  '__weak', '__cold', '__hot', '__always_inline', 'noinline', '__noinline', '__must_check', '__maybe_unused',
  '__user', '__rcu', '__iomem', '__force', '__percpu', '__sched', 'notrace', '__latent_entropy', '__visible',
  '__nocfi', '__noreturn', '__cacheline_aligned', '__cacheline_aligned_in_smp', 'asmlinkage', '__releases',
  '__acquires', '__must_hold',
];

// `__releases(x)` / `__acquires(x)` carry an argument, blanked with them
const ANNOTATION_RE = new RegExp(`\\b(?:${ANNOTATIONS.join('|')})\\b(?:\\s*\\([^()\\n]*\\))?`, 'g');
const ATTRIBUTE_RE = /\b__attribute(__)?\s*\(\((?:[^()]|\([^()]*\))*\)\)/g;
const SYSCALL_RE = /\b(?:COMPAT_)?SYSCALL_DEFINE(\d)\(([^)]*)\)/g;

const blank = (s: string) => s.replace(/[^\n]/g, ' ');

/** Same line structure as the input; only annotation text and syscall headers change. */
export function normalizeKernelC(text: string): string {
  return text
    .replace(ATTRIBUTE_RE, blank)
    .replace(ANNOTATION_RE, blank)
    .replace(SYSCALL_RE, syscallHeader);
}

function syscallHeader(match: string, _n: string, inner: string): string {
  const parts = inner.split(',').map((p) => p.trim());
  const name = parts.shift() ?? 'unknown';
  const params: string[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) params.push(`${parts[i]} ${parts[i + 1]}`);
  const header = `long sys_${name}(${params.join(', ') || 'void'})`;
  const newlines = (match.match(/\n/g) ?? []).length;
  return header.replace(/\s+/g, ' ') + '\n'.repeat(newlines);
}
