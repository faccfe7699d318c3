/**
 * The core of Hugh Dickins' deadlock against collapse_file v5 3/3 (mm-reference R-C4), written with
 * kernel API names and run through lowering + model: a collapse that leaves a frozen page findable
 * while it takes the PTL, against a lookup that retries on the frozen page while holding that PTL.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/explore/index.js';
import type { ObjectDecl, ThreadDecl } from '../../src/model/scenario.js';
import { program, scenario } from './helpers.js';

const SRC = `
static void collapse(struct address_space *mapping, pmd_t *pmd, struct page *hpage)
{
	XA_STATE(xas, &mapping->i_pages, 0);
	struct page *page;
	spinlock_t *ptl;
	pte_t *pte;
	pgoff_t index;

	for (index = 0; index < HPAGE_PMD_NR; index++) {
		xas_lock_irq(&xas);
		xas_set(&xas, index);
		page = xas_load(&xas);
		if (!page_ref_freeze(page, 1)) {
			xas_unlock_irq(&xas);
			return;
		}
		if (REPLACE_UNDER_XA_LOCK)
			xas_store(&xas, hpage);
		xas_unlock_irq(&xas);
		pte = pte_offset_map_lock(NULL, pmd, index, &ptl);
		ptep_get_and_clear(NULL, index, pte);
		pte_unmap_unlock(pte, ptl);
	}
}

static void lookup_under_ptl(struct address_space *mapping, pmd_t *pmd)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(NULL, pmd, 0, &ptl);
	struct page *page;
	pgoff_t index;

	for (index = 0; index < HPAGE_PMD_NR; index++) {
repeat:
		page = xa_load(&mapping->i_pages, index);
		if (page && !folio_try_get(page))
			goto repeat;
		if (page)
			put_page(page);
	}
	pte_unmap_unlock(pte, ptl);
}
`;

const objects: ObjectDecl[] = [
  { kind: 'lock', name: 'xa_lock', class: 'spin', label: 'xa_lock' },
  { kind: 'lock', name: 'PTL', class: 'spin', label: 'PTL' },
  { kind: 'mapping', name: 'M', label: 'mapping', slots: 2, shmem: true },
  { kind: 'page', name: 'P0', label: 'page 0', ref: 1, index: 0, mappedAt: [0] },
  { kind: 'page', name: 'P1', label: 'page 1', ref: 1, index: 1, mappedAt: [1] },
  { kind: 'page', name: 'H', label: 'hpage', ref: 1, huge: true },
  { kind: 'pagetable', name: 'T', label: 'table', ptl: 'PTL', covers: [0, 1] },
];

const threads: ThreadDecl[] = [
  { name: 'collapse', entry: 'collapse', args: { mapping: 'M', pmd: 'T', hpage: 'H' } },
  { name: 'mincore', entry: 'lookup_under_ptl', args: { mapping: 'M', pmd: 'T' } },
];

const run = (replace: number): ReturnType<typeof runScenario> =>
  runScenario({
    scenario: scenario('collapse-vs-mincore', objects, threads),
    program: program(SRC, { assume: { HPAGE_PMD_NR: 2, REPLACE_UNDER_XA_LOCK: replace } }),
  });

describe('collapse vs a lookup under the PTL, from C', () => {
  it('leaving the frozen page in the page cache stalls both threads (wait-for cycle)', () => {
    const r = run(0);
    const stall = r.verdicts.find((v) => v.verdict.kind === 'livelock' || v.verdict.kind === 'deadlock');
    expect(stall).toBeDefined();
    const cycle = stall!.verdict.kind === 'livelock' || stall!.verdict.kind === 'deadlock' ? stall!.verdict.cycle : [];
    const byThread = Object.fromEntries(cycle.map((e) => [e.thread, e]));
    expect(byThread.collapse.waitsFor).toMatch(/PTL/);
    expect(byThread.mincore.how).toBe('spinning');
    expect(byThread.mincore.loc.fn).toBe('lookup_under_ptl');
  });

  it('replacing the page under the same xa_lock hold is clean', () => {
    expect(run(1).verdicts.map((v) => v.verdict.kind)).toEqual(['ok']);
  });
});
