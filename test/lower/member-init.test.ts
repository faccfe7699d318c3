/**
 * A member struct declared with a designated initializer (`struct zap_details details = { ... }`):
 * its members are set from the designators (others 0), and `&details` is not NULL, so a callee's
 * `details ? details->zap_flags : 0` reads what the caller set.
 */
import { describe, expect, it } from 'vitest';
import { lowerProgram } from '../../src/extract/lower/index.js';
import { formatFunction } from '../../src/extract/lower/print.js';

const C = `
static int inner(struct zap_details *details)
{
	int flags = details ? details->zap_flags : 0;
	return flags;
}

int outer(void)
{
	struct zap_details details = {
		.zap_flags = 3,
		/* comment inside */
		.even_cows = true,
	};
	return inner(&details);
}

int outer_null(void)
{
	return inner(NULL);
}
`;

describe('member structs with a designated initializer', () => {
  const prog = lowerProgram([{ path: 'mm/t.c', text: C }], { origin: 't' });
  const text = (name: string) => formatFunction(prog.functions.get(name)!);

  it('sets each named member, the unnamed ones to 0, and the struct itself non-NULL', () => {
    const outer = text('outer');
    expect(outer).toContain('details.zap_flags = 3');
    expect(outer).toContain('details.even_cows = 1');
    expect(outer).toContain('details = 1');
    expect(outer).toMatch(/call inner\(details, details\.zap_flags, details\.even_cows\)/);
  });

  it('lets the callee read the member through its pointer parameter', () => {
    const inner = text('inner');
    expect(prog.functions.get('inner')!.params).toEqual(['details', 'details.zap_flags', 'details.even_cows']);
    expect(inner).toMatch(/br details \?/);
    expect(inner).toContain('= details.zap_flags');
  });
});
