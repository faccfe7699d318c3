import { describe, expect, it } from 'vitest';
import { parseC } from '../src/extract/parse.js';

describe('parseC', () => {
  it('parses a kernel-style function with an iterator macro', () => {
    const tree = parseC('static int f(int x)\n{\n\tlist_for_each_entry(p, &l, lru) {\n\t\tfoo(p);\n\t}\n\treturn x;\n}\n');
    const fn = tree.rootNode.namedChildren.find((n) => n.type === 'function_definition');
    expect(fn?.childForFieldName('declarator')?.text).toBe('f(int x)');
  });
  it('parses inputs larger than the default 32 KiB buffer', () => {
    const body = Array.from({ length: 3000 }, (_, i) => `int v${i} = ${i};`).join('\n');
    expect(parseC(body).rootNode.hasError).toBe(false);
  });
});
