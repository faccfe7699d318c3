/**
 * The per-VMA locking effects (src/model/effects-vma.ts) and their primitive-table entries on tiny
 * programs: the lockless walk, vma_start_read's early check as its own interleaving point, the
 * atomic downgrade, the RCU-deferred VMA free, unlink_anon_vmas clearing vma->anon_vma, the range clear.
 */
import { describe, expect, it } from 'vitest';
import { lowerProgram } from '../../src/extract/lower/index.js';
import { runScenario } from '../../src/explore/index.js';
import type { Expr } from '../../src/model/ir.js';
import type { ObjectDecl, PropertySpec, Scenario, ThreadDecl } from '../../src/model/scenario.js';
import { and, c, field } from '../../rules/lib/vma-world.js';

const vmaFields = (start: number, anon: number) => ({ vm_start: start, vm_end: start + 1, anon_vma: anon, walked: 0, vm_freed: 0 });

const objects: ObjectDecl[] = [
  { kind: 'lock', name: 'mmap_lock', class: 'rwsem', label: 'mmap_lock' },
  { kind: 'vma', name: 'a', label: 'A', fields: vmaFields(1, 9) },
  { kind: 'vma', name: 'b', label: 'B', fields: vmaFields(2, 9) },
];

const source = `
int ret_walk(int addr) { struct vm_area_struct *v = vma_lookup(0, addr); return v; }
void clear_b(void) { mmap_write_lock(0); vma_iter_clear_gfp(0, 2, 3, 0); mmap_write_unlock(0); }
int check_then_lock(struct vm_area_struct *vma)
{
	int seen = vma->anon_vma != 0;
	if (!seen)
		return 0;
	if (!vma_start_read(vma))
		return 0;
	seen = vma->anon_vma != 0;
	vma_end_read(vma);
	return seen ? 1 : 2;
}
void writer(struct vm_area_struct *vma)
{
	mmap_write_lock(0);
	vma_start_write(vma);
	unlink_anon_vmas(vma);
	mmap_write_unlock(0);
}
void downgrader(struct vm_area_struct *vma)
{
	mmap_write_lock(0);
	vma->anon_vma = 1;
	mmap_write_downgrade(0);
	vma->vm_start = vma->anon_vma;
	mmap_read_unlock(0);
}
void other_writer(struct vm_area_struct *vma)
{
	if (mmap_write_trylock(0)) {
		vma->anon_vma = 7;
		mmap_write_unlock(0);
	}
}
int lock_detached(struct vm_area_struct *vma) { vma_mark_detached(vma, true); return vma_start_read(vma); }
int lock_write_locked(struct vm_area_struct *vma)
{
	mmap_write_lock(0);
	vma_start_write(vma);
	return vma_start_read(vma);
}
void rcu_forever(void) { rcu_read_lock(); }
void rcu_brief(void) { rcu_read_lock(); rcu_read_unlock(); }
void free_it(struct vm_area_struct *vma) { vm_area_free(vma); }
`;

function run(threads: ThreadDecl[], properties: PropertySpec[], checkStalls = false) {
  const scenario: Scenario = {
    id: 'vma-model',
    title: 'vma effects',
    objects,
    threads,
    assume: {},
    properties,
    bounds: { maxStates: 10_000, maxMillis: 5_000 },
    checkStalls,
  };
  const program = lowerProgram([{ path: 'mm/t.c', text: source }], { origin: 'test' });
  const res = runScenario({ scenario, program });
  return res.verdicts.map((v) => (v.verdict.kind === 'violation' ? v.verdict.property : v.verdict.kind)).filter((k) => k !== 'ok').sort();
}

const ret = (thread: string): Expr => ({ k: 'tlocal', thread, name: '$ret' });
const eq = (a: Expr, b: Expr): Expr => ({ k: 'bin', op: '==', a, b });
const done = (thread: string): Expr => ({ k: 'tstate', thread, is: 'done' });
const atEnd = (id: string, expr: Expr): PropertySpec => ({ id, kind: 'at-end', expr, message: id });
const eventually = (id: string, expr: Expr): PropertySpec => ({ id, kind: 'eventually', expr, message: id });
const B_ID = 3;
const walk = (addr: number): ThreadDecl => ({ name: 'w', entry: 'ret_walk', args: { addr } });
const clearB: ThreadDecl = { name: 'c', entry: 'clear_b', args: {} };

describe('vma_lookup (lockless tree walk)', () => {
  it('returns the VMA covering the address and marks the walker', () => {
    const v = run([walk(2)], [
      atEnd('found-b', eq(ret('w'), c(B_ID))),
      atEnd('walked-by-0', eq(field('b', 'walked'), c(1))),
      atEnd('a-untouched', eq(field('a', 'walked'), c(0))),
    ]);
    expect(v).toEqual([]);
  });

  it('finds B before vma_iter_clear_gfp takes [2, 3) out of the tree, nothing after', () => {
    expect(run([walk(2), clearB], [atEnd('always-b', eq(ret('w'), c(B_ID)))])).toEqual(['always-b']);
    expect(run([walk(2), clearB], [atEnd('never-b', eq(ret('w'), c(0)))])).toEqual(['never-b']);
    expect(run([walk(1), clearB], [atEnd('a-stays', eq(ret('w'), c(2)))])).toEqual([]);
  });
});

describe('vma_start_read (6.4 form)', () => {
  const reader: ThreadDecl = { name: 'r', entry: 'check_then_lock', args: { vma: 'a' } };
  const writer: ThreadDecl = { name: 'w', entry: 'writer', args: { vma: 'a' } };

  it('a writer can run between a test made before the lock and the lock itself', () => {
    // 2: the anon_vma was there before vma_start_read() and is gone once the VMA is read-locked
    expect(run([reader, writer], [atEnd('stale-test', { k: 'not', a: eq(ret('r'), c(2)) })])).toEqual(['stale-test']);
  });

  it('alone, the test and the locked re-read agree', () => {
    expect(run([reader], [atEnd('agree', eq(ret('r'), c(1)))])).toEqual([]);
  });

  it('read-locks a detached VMA (6.4 tests detached afterwards), never a write-locked one', () => {
    expect(run([{ name: 'd', entry: 'lock_detached', args: { vma: 'a' } }], [atEnd('locked', eq(ret('d'), c(1)))])).toEqual([]);
    expect(run([{ name: 'w', entry: 'lock_write_locked', args: { vma: 'a' } }], [atEnd('refused', eq(ret('w'), c(0)))])).toEqual([]);
  });

  it('unlink_anon_vmas clears vma->anon_vma', () => {
    expect(run([writer], [atEnd('cleared', eq(field('a', 'anon_vma'), c(0)))])).toEqual([]);
  });
});

describe('mmap_write_downgrade', () => {
  it('is atomic: no writer takes mmap_lock between the write hold and the read hold', () => {
    const threads: ThreadDecl[] = [
      { name: 'd', entry: 'downgrader', args: { vma: 'a' } },
      { name: 'o', entry: 'other_writer', args: { vma: 'a' } },
    ];
    // d reads under its read hold what it wrote under its write hold
    expect(run(threads, [atEnd('sees-own-write', eq(field('a', 'vm_start'), c(1)))])).toEqual([]);
  });
});

describe('vm_area_free', () => {
  const free: ThreadDecl = { name: 'f', entry: 'free_it', args: { vma: 'b' } };

  it('frees the VMA after the RCU readers have left', () => {
    expect(run([free, { name: 'r', entry: 'rcu_brief', args: {} }], [eventually('freed', and(done('f'), eq(field('b', 'vm_freed'), c(1))))])).toEqual([]);
  });

  it('waits as long as a reader stays in its RCU section', () => {
    // the reader ends inside its RCU section: the free can never happen (a stall, not a freed VMA)
    const v = run([free, { name: 'r', entry: 'rcu_forever', args: {} }], [atEnd('never-freed-early', eq(field('b', 'vm_freed'), c(0)))], true);
    expect(v.some((k) => k === 'deadlock' || k === 'livelock'), v.join()).toBe(true);
  });
});
