/**
 * The collapse scenario world: pinned object ids point at the right objects, pages sit where the
 * spec says, and every scenario's VA ↔ index layout is the one the readers rely on.
 */
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { collapseObjects, objectId, presentIndexes } from '../../rules/lib/collapse-world.js';

const collapseScenarios = allRules.filter((r) => r.path === 'collapse_file').flatMap((r) => r.scenarios);

describe('collapse world', () => {
  it('puts present pages at their index and leaves holes empty', () => {
    const objs = collapseObjects({ n: 3, holes: [1], mapped: [2] });
    const pages = objs.flatMap((o) => (o.kind === 'page' && o.index !== undefined ? [[o.index, o.mappedAt, o.ref] as const] : []));
    expect(pages).toEqual([
      [0, [], 1],
      [2, [2], 2],
    ]);
    expect(presentIndexes({ n: 3, holes: [1] })).toEqual([0, 2]);
  });

  it('numbers objects from 1 in declaration order', () => {
    const objs = collapseObjects({ n: 2 });
    expect(objs[objectId(objs, 'hpage') - 1].name).toBe('hpage');
    expect(() => objectId(objs, 'nope')).toThrow();
  });

  it.each(collapseScenarios.map((s) => [s.id, s] as const))('%s pins the allocation to the huge page and the PMD walk to table X', (_id, sc) => {
    const alloc = sc.assume.__alloc_pages as number;
    const pmd = sc.assume.mm_find_pmd as number;
    expect(sc.objects[alloc - 1]).toMatchObject({ kind: 'page', huge: true });
    expect(sc.objects[pmd - 1]).toMatchObject({ kind: 'pagetable', ptl: 'ptl_x' });
    expect(sc.assume.HPAGE_PMD_NR).toBe((sc.objects.find((o) => o.kind === 'mapping') as { slots: number }).slots);
  });
});
