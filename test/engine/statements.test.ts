import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../src/engine/statements.js';
import { tokenize } from '../../src/engine/tokens.js';

const stmts = (lines: string[], fragment = true) => splitStatements(tokenize(lines, fragment));
const keys = (lines: string[], fragment = true) => stmts(lines, fragment).map((s) => s.key);

describe('tolerant statements', () => {
  it('keys keep callees, fields, macros and labels, and hide local names', () => {
    const [a, b] = stmts(['\txas_store(&xas, new_folio);', '\thpage->mapping = NULL;']);
    expect(a.key).toBe('xas_store ( & _ , _ ) ;');
    expect(a.vars).toEqual(['xas', 'new_folio']);
    expect(a.kind).toBe('call');
    expect(b.key).toBe('_ -> mapping = NULL ;');
    expect(keys(['out_unlock:', '\tgoto rollback;'])).toEqual(['out_unlock :', 'goto rollback ;']);
  });

  it('reads a fragment that starts inside a block comment and joins multi-line statements', () => {
    const s = stmts([' * the rest of a comment that began before the hunk', ' */', '\tpage = list_first_entry_or_null(&pagelist,', '\t\t\tstruct page, lru);']);
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ firstLine: 2, lastLine: 3, callees: ['list_first_entry_or_null'] });
    expect(s[0].key).toBe('_ = list_first_entry_or_null ( & _ , struct page , _ ) ;');
  });

  it('splits control heads, braces, else and iterator macros into their own statements', () => {
    expect(
      stmts(['\tif (!page) {', '\t\tcontinue;', '\t} else {', '\t\tbreak;', '\t}', '\tlist_for_each_entry_safe(page, tmp, &pagelist, lru) {']).map((s) => s.kind),
    ).toEqual(['head', 'brace', 'jump', 'brace', 'else', 'brace', 'jump', 'brace', 'loop']);
    expect(keys(['\txas_for_each(&xas, page, end)', '\t\tfoo(page);'])).toEqual(['xas_for_each ( & _ , _ , _ )', 'foo ( _ ) ;']);
    expect(keys(['\t} while (1);'])).toEqual(['}', 'while ( 1 ) ;']);
  });

  it('does not take a line of code starting with a dereference for a comment', () => {
    expect(keys(['\t*hpage = NULL;'])).toEqual(['* _ = NULL ;']);
  });
});
