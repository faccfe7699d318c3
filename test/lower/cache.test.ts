import { describe, expect, it } from 'vitest';
import { lowerProgram } from '../../src/extract/lower/index.js';

const src = `
static int pick(void)
{
	if (is_shmem)
		return 1;
	return 2;
}
static int other(void)
{
	return 3;
}
`;
const files = [{ path: 'mm/x.c', text: src }];
const retOf = (assume: Record<string, number>) => {
  const fn = lowerProgram(files, { origin: 't', assume }).functions.get('pick')!;
  return JSON.stringify(fn.body);
};

describe('lowering cache', () => {
  it('never reuses a lowering made under a different value of an assumption the function consulted', () => {
    expect(retOf({ is_shmem: 1 })).not.toBe(retOf({ is_shmem: 0 }));
    expect(retOf({ is_shmem: 1 })).toBe(retOf({ is_shmem: 1 }));
  });
  it('reuses a lowering when only assumptions the function never consulted differ', () => {
    const a = lowerProgram(files, { origin: 't', assume: { is_shmem: 1, UNRELATED: 1 } }).functions.get('pick');
    const b = lowerProgram(files, { origin: 't', assume: { is_shmem: 1, UNRELATED: 2 } }).functions.get('pick');
    expect(b).toBe(a);
  });
  it('keys files by their text', () => {
    const changed = [{ path: 'mm/x.c', text: src.replace('return 2;', 'return 4;') }];
    const a = lowerProgram(files, { origin: 't', assume: { is_shmem: 0 } }).functions.get('pick');
    const b = lowerProgram(changed, { origin: 't', assume: { is_shmem: 0 } }).functions.get('pick');
    expect(JSON.stringify(b?.body)).not.toBe(JSON.stringify(a?.body));
  });
});
