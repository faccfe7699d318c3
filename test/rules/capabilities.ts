/**
 * What the collapse scenarios need from the lowering and the model, probed on tiny programs, so
 * that the scenario tests say precisely what is missing instead of failing on it.
 */
import { lowerProgram } from '../../src/extract/lower/index.js';
import { runScenario } from '../../src/explore/index.js';
import type { Scenario } from '../../src/model/scenario.js';

const probe: Scenario = {
  id: 'probe',
  title: 'capability probe',
  objects: [
    { kind: 'mapping', name: 'mapping', label: 'm', slots: 1, shmem: true },
    { kind: 'page', name: 'hpage', label: 'h', ref: 1, huge: true },
    { kind: 'vma', name: 'file', label: 'f', fields: { f_mapping: 'mapping' } },
  ],
  threads: [{ name: 't', entry: 'probe', args: { file: 'file' } }],
  assume: { __alloc_pages: 2 },
  properties: [
    { id: 'mapping-read', kind: 'at-end', expr: { k: 'bin', op: '==', a: { k: 'tlocal', thread: 't', name: 'mapping' }, b: { k: 'const', v: 1 } }, message: 'file->f_mapping' },
    { id: 'out-param', kind: 'at-end', expr: { k: 'bin', op: '==', a: { k: 'tlocal', thread: 't', name: 'hpage' }, b: { k: 'const', v: 2 } }, message: 'out-parameter' },
  ],
  bounds: { maxStates: 1000, maxMillis: 2000 },
  checkStalls: false,
};

const source = `
static int alloc(struct page **hpage) { *hpage = __alloc_pages(0, 0, 0, 0); return 0; }
static int probe(struct file *file)
{
	struct address_space *mapping = file->f_mapping;
	struct page *hpage = NULL;
	alloc(&hpage);
	return 0;
}
`;

const needs: Record<string, string> = {
  'mapping-read': 'lowering/model: file->f_mapping of a struct file * (MODELLED_TYPES has no `file`)',
  'out-param': 'model: `call` outs (out-parameters such as alloc_charge_hpage(&hpage, ...)) are not copied back',
};

export function missingCapabilities(): string[] {
  const program = lowerProgram([{ path: 'probe.c', text: source }], { origin: 'probe', assume: probe.assume });
  const res = runScenario({ scenario: probe, program });
  return res.verdicts.flatMap((v) => (v.verdict.kind === 'violation' ? [needs[v.verdict.property] ?? v.verdict.property] : [])).sort();
}

/**
 * The retraction scenario also needs GUP-fast's interrupts-off section to be what
 * tlb_remove_table_sync_one() waits for (local_irq_save → an RCU read-side section), and the PMD
 * value GUP-fast reads (pmdp_get_lockless). Probed by lowering a two-line walker.
 */
export function retractCapabilities(): string[] {
  const text = `
static int walk(pmd_t *pmdp)
{
	unsigned long flags;
	pmd_t pmd;

	local_irq_save(flags);
	pmd = pmdp_get_lockless(pmdp);
	local_irq_restore(flags);
	return pmd_none(pmd);
}
`;
  const fn = lowerProgram([{ path: 'walk.c', text }], { origin: 'probe' }).functions.get('walk');
  const body = JSON.stringify(fn?.body ?? []);
  const out: string[] = [];
  if (!body.includes('"rcu_read_lock"')) out.push('lowering: local_irq_save() as the GUP-fast section (rcu_read_lock)');
  if (body.includes('pmdp_get_lockless')) out.push('lowering: pmdp_get_lockless() value (the PMD cell of the table)');
  return out.concat(missingCapabilities().filter((m) => m.includes('out-param')));
}

/**
 * Does the engine hand a scenario's `iterate` (which objects `vma_interval_tree_foreach` walks) to
 * the lowering? Probed on the engine's Runner with a recording lowering. Without it the uffd check
 * of 6.3 + 2/3 may run zero passes and the uffd rule cannot tell its fixtures apart.
 */
export async function engineForwardsIterate(): Promise<boolean> {
  const mod = (await import('../../src/engine/runner.js').catch(() => undefined)) as
    | { Runner?: new (deps: unknown) => { program(src: unknown, sc: Scenario): Promise<unknown> } }
    | undefined;
  if (!mod?.Runner) return false;
  let seen: unknown;
  const deps = { lower: (_files: unknown, opts: { iterate?: unknown }) => ((seen = opts.iterate), { functions: new Map(), origin: 'probe' }) };
  const scenario: Scenario = { ...probe, iterate: { vma_interval_tree_foreach: ['file'] } };
  await new mod.Runner(deps).program({ key: 'probe', label: 'probe', base: [], overlay: [] }, scenario).catch(() => undefined);
  return JSON.stringify(seen) === JSON.stringify(scenario.iterate);
}
