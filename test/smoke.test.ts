import { describe, expect, it } from 'vitest';
import { InputError } from '../src/input/types.js';

describe('InputError', () => {
  it('names the input and the line', () => {
    expect(new InputError('a.mbox', 'no patch found', 12).describe()).toBe('a.mbox:12: no patch found');
  });
});
