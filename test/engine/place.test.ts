import { describe, expect, it } from 'vitest';
import { chooseReference, placeHunks } from '../../src/engine/place.js';
import { fixture, fixturePatch, toyVariant, toyVariants } from './helpers.js';
import { parseDiff } from './diff-helper.js';

const toy = toyVariant('toy');

describe('placeHunks', () => {
  it('gives exactly the patched reference when the hunk was written in other words', () => {
    const r = placeHunks(toy.files, fixturePatch('toy-move-store.patch'));
    expect(r.allPlaced).toBe(true);
    expect(r.hunks).toHaveLength(1);
    expect(r.hunks[0]).toMatchObject({ status: 'placed', function: 'toy_collapse', refPath: 'mm/toy.c' });
    expect(r.files.find((f) => f.path === 'mm/toy.c')!.text).toBe(fixture('toy-move-store.expected.c'));
  });

  it('reports where the hunk landed in the patched reference', () => {
    const r = placeHunks(toy.files, fixturePatch('toy-move-store.patch'));
    const lines = r.files.find((f) => f.path === 'mm/toy.c')!.text.split('\n');
    const [from, to] = r.hunks[0].span!;
    expect(lines.slice(from - 1, to).map((l) => l.trim())).toEqual([
      'xa_lock_irq(&mapping->i_pages);',
      'toy_store_range(&mapping->i_pages, start, hpage);',
      'xa_unlock_irq(&mapping->i_pages);',
    ]);
  });

  it('places on a reference with renamed locals and a moved unrelated statement, renaming added lines', () => {
    const moved = toyVariant('toy-reordered');
    const r = placeHunks(moved.files, fixturePatch('toy-move-store.patch'));
    expect(r.hunks[0].status).toBe('placed');
    const text = r.files.find((f) => f.path === 'mm/toy.c')!.text;
    expect(text).toContain('toy_store_range(&mapping->i_pages, start, huge);');
    expect(text).not.toContain('xa_store(&mapping->i_pages, i, huge, GFP_ATOMIC);');
    expect(text).not.toContain('new_page');
    expect(r.hunks[0].notes.join(' ')).toContain('new_page → huge');
    // the insertion follows SetPageUptodate(huge), still before the out label
    expect(text.indexOf('toy_store_range')).toBeGreaterThan(text.indexOf('SetPageUptodate(huge)'));
    expect(text.indexOf('toy_store_range')).toBeLessThan(text.indexOf('out:'));
  });

  it('reports a hunk whose anchors are absent as unplaced and changes nothing', () => {
    const r = placeHunks(toy.files, fixturePatch('toy-absent.patch'));
    expect(r.allPlaced).toBe(false);
    expect(r.hunks[0].status).toBe('unplaced');
    expect(r.hunks[0].reason).toMatch(/anchors not found in toy_collapse/);
    expect(r.files.find((f) => f.path === 'mm/toy.c')!.text).toBe(toy.files.find((f) => f.path === 'mm/toy.c')!.text);
  });

  it('refuses to guess when a removed statement fits two places equally well', () => {
    const r = placeHunks(toy.files, fixturePatch('toy-ambiguous.patch'));
    expect(r.hunks[0].status).toBe('unplaced');
    expect(r.hunks[0].reason).toMatch(/matches 2 places/);
  });

  it('treats a hunk in a function the reference does not model as outside the model', () => {
    const patch = parseDiff(
      ['diff --git a/mm/toy.c b/mm/toy.c', '@@ -1,3 +1,3 @@ static int toy_stats(void)', ' 	a = 1;', '-	b = 2;', '+	b = 3;', ' 	c = 4;'].join('\n'),
    );
    const r = placeHunks(toy.files, patch);
    expect(r.hunks[0]).toMatchObject({ status: 'outside' });
    expect(r.hunks[0].notes[0]).toMatch(/toy_stats is not in the reference model/);
    expect(r.allPlaced).toBe(true);
  });

  it('replaces a partly changed multi-line statement as a whole', () => {
    const patch = parseDiff(
      [
        'diff --git a/mm/toy.c b/mm/toy.c',
        '@@ -1,4 +1,4 @@ static int toy_collapse(struct address_space *mapping, pgoff_t start)',
        ' 		xa_store(&mapping->i_pages, index,',
        '-			 hpage, GFP_ATOMIC);',
        '+			 hpage, GFP_KERNEL);',
        ' 		xa_unlock_irq(&mapping->i_pages);',
      ].join('\n'),
    );
    const r = placeHunks(toy.files, patch);
    expect(r.hunks[0].status).toBe('placed');
    const text = r.files.find((f) => f.path === 'mm/toy.c')!.text;
    expect(text).toContain('xa_store(&mapping->i_pages, index,\n\t\t\t hpage, GFP_KERNEL);');
    expect(text).not.toContain('GFP_ATOMIC');
  });
});

describe('placeHunks at the edges of a function', () => {
  it('places a declaration added right after the opening brace', () => {
    const patch = parseDiff(
      [
        'diff --git a/mm/toy.c b/mm/toy.c',
        '@@ -18,4 +18,5 @@',
        ' static int toy_collapse(struct address_space *mapping, pgoff_t start)',
        ' {',
        '+\tint extra = 0;',
        ' \tstruct page *hpage;',
        ' \tstruct page *page;',
      ].join('\n'),
    );
    const r = placeHunks(toy.files, patch);
    expect(r.hunks[0]).toMatchObject({ status: 'placed', function: 'toy_collapse' });
    expect(r.files.find((f) => f.path === 'mm/toy.c')!.text).toContain('{\n\tint extra = 0;\n\tstruct page *hpage;');
  });
});

describe('placeHunks without a function name in the @@ line', () => {
  const hunk = (context: string) =>
    parseDiff(
      [
        'diff --git a/mm/toy.c b/mm/toy.c',
        `@@ -5,3 +5,4 @@${context}`,
        ' \t\tif (!thing) {',
        ' \t\t\txa_unlock_irq(&m->i_pages);',
        '+\t\t\ttoy_trace(thing);',
        ' \t\t\tres = SCAN_TRUNCATED;',
      ].join('\n'),
    );
  it('does not trust the shape alone', () => {
    const r = placeHunks(toy.files, hunk(''));
    expect(r.hunks[0].status).toBe('unplaced');
    expect(r.hunks[0].reason).toMatch(/only the shape of toy_collapse matches/);
  });
  it('places the same hunk when the @@ line names the function', () => {
    const r = placeHunks(toy.files, hunk(' static int toy_collapse(struct address_space *mapping, pgoff_t start)'));
    expect(r.hunks[0].status).toBe('placed');
    expect(r.files.find((f) => f.path === 'mm/toy.c')!.text).toContain('toy_trace(page);');
  });
});

describe('placeHunks and local renames made by the patch', () => {
  it('keeps the reference name in added lines, so statements the hunks do not show stay consistent', () => {
    const patch = parseDiff(
      [
        'diff --git a/mm/toy.c b/mm/toy.c',
        '@@ -1,3 +1,3 @@ static int toy_collapse(struct address_space *mapping, pgoff_t start)',
        ' \tpgoff_t index;',
        '-\tint result = SCAN_SUCCEED;',
        '+\tint ret = SCAN_SUCCEED;',
        ' ',
        '@@ -20,3 +20,3 @@ static int toy_collapse(struct address_space *mapping, pgoff_t start)',
        ' out:',
        '-\treturn result;',
        '+\treturn ret;',
        ' }',
      ].join('\n'),
    );
    const r = placeHunks(toy.files, patch);
    expect(r.hunks.map((h) => h.status)).toEqual(['placed', 'placed']);
    const text = r.files.find((f) => f.path === 'mm/toy.c')!.text;
    expect(text).toContain('\tint result = SCAN_SUCCEED;');
    expect(text).toContain('\treturn result;');
    expect(text).not.toMatch(/\bret\b/);
  });
});

describe('placeHunks and new functions', () => {
  it('appends a helper the patch adds, and places the call to it', () => {
    const patch = parseDiff(
      [
        'diff --git a/mm/toy.c b/mm/toy.c',
        '@@ -16,2 +16,8 @@ static void toy_reader(struct address_space *mapping, pgoff_t index)',
        ' }',
        ' ',
        '+static void toy_publish(struct address_space *mapping, struct page *new_page)',
        '+{',
        '+\txa_store(&mapping->i_pages, 0, new_page, GFP_ATOMIC);',
        '+}',
        '+',
        '@@ -46,3 +52,4 @@ static int toy_collapse(struct address_space *mapping, pgoff_t start)',
        ' \tSetPageUptodate(new_page);',
        '+\ttoy_publish(mapping, new_page);',
        ' out:',
      ].join('\n'),
    );
    const r = placeHunks(toy.files, patch);
    expect(r.hunks.map((h) => [h.status, h.function])).toEqual([
      ['placed', 'toy_publish'],
      ['placed', 'toy_collapse'],
    ]);
    const text = r.files.find((f) => f.path === 'mm/toy.c')!.text;
    expect(text).toContain('static void toy_publish(struct address_space *mapping, struct page *new_page)');
    expect(text).toContain('\ttoy_publish(mapping, hpage);');
    expect(text.indexOf('toy_publish(mapping, hpage)')).toBeLessThan(text.indexOf('\nout:'));
  });
});

describe('chooseReference', () => {
  it('takes the variant where every hunk places and says which', () => {
    const patch = fixturePatch('toy-move-store.patch');
    const c = chooseReference(toyVariants(), patch);
    expect(c.variant).toBe('toy');
    expect(c.tried.map((t) => t.variant)).toEqual(['toy', 'toy-reordered']);
    expect(c.tried.every((t) => t.unplaced === 0)).toBe(true);
    // exact wording scores higher than the renamed variant
    expect(c.tried[0].score).toBeGreaterThan(c.tried[1].score);
  });

  it('prefers a variant that places more hunks', () => {
    const only = chooseReference([{ name: 'empty', files: [{ path: 'mm/toy.c', text: 'static int toy_collapse(void)\n{\n\treturn 0;\n}\n' }] }, toyVariant('toy')], fixturePatch('toy-move-store.patch'));
    expect(only.variant).toBe('toy');
  });
});

describe('placeHunks when the @@ line names the function before the one changed', () => {
  // git names the last header above the hunk: a hunk starting on the tail of toy_reader is named
  // after toy_reader (or whatever function git's pattern last matched) although it changes toy_collapse
  const patch = (context: string, header: string) =>
    parseDiff(
      [
        'diff --git a/mm/toy.c b/mm/toy.c',
        `@@ -16,6 +16,7 @@${context}`,
        ' }',
        ' ',
        ` ${header}`,
        ' {',
        '+\ttoy_trace(mapping);',
        ' \tstruct page *hpage;',
        ' \tstruct page *page;',
      ].join('\n'),
    );
  const header = 'static int toy_collapse(struct address_space *mapping, pgoff_t start)';

  it('places the hunk in the function whose header it shows, whatever the @@ line names', () => {
    for (const context of ['', ' static int toy_stats(void)', ' static void toy_reader(struct address_space *mapping, pgoff_t index)']) {
      const r = placeHunks(toy.files, patch(context, header));
      expect(r.hunks[0]).toMatchObject({ status: 'placed', function: 'toy_collapse' });
      expect(r.files.find((f) => f.path === 'mm/toy.c')!.text).toMatch(/toy_collapse[^]*toy_trace\(mapping\);/);
    }
  });

  it('does not take a call or a return at column 0 (whitespace-repaired hunks) for a header', () => {
    const calls = parseDiff(
      [
        'diff --git a/mm/toy.c b/mm/toy.c',
        '@@ -1,3 +1,3 @@ static int toy_stats(void)',
        'toy_reader(mapping);',
        '-return toy_collapse(mapping, 0);',
        '+return 0;',
      ].join('\n'),
    );
    expect(placeHunks(toy.files, calls).hunks[0].status).toBe('outside');
  });
});

describe('chooseReference between a variant holding the code and one holding none of it', () => {
  it('takes the variant where hunks place, even when one of them does not, over one where every hunk is outside', () => {
    const elsewhere = { name: 'v9.9', files: [{ path: 'mm/other.c', text: 'static void other(void)\n{\n\tfoo();\n}\n' }] };
    const hunks = [fixture('toy-move-store.patch'), fixture('toy-absent.patch').replace(/^diff --git[^\n]*\n--- [^\n]*\n\+\+\+ [^\n]*\n/, '')].join('');
    const patch = parseDiff(hunks);
    expect(patch.files[0].hunks).toHaveLength(2);
    const chosen = chooseReference([elsewhere, toy], patch);
    expect(chosen.variant).toBe('toy');
    expect(chosen.result.hunks.map((h) => h.status)).toEqual(['placed', 'unplaced']);
  });
});

describe('placeHunks on a header hunk', () => {
  it('does not place a header prototype or inline stub in the .c definition of the same name', () => {
    const patch = parseDiff(
      [
        'diff --git a/include/linux/toy.h b/include/linux/toy.h',
        '@@ -10,3 +10,4 @@ static inline int toy_collapse(struct address_space *mapping, pgoff_t start)',
        ' {',
        '+\ttoy_trace(mapping);',
        ' \treturn 0;',
        ' }',
      ].join('\n'),
    );
    const r = placeHunks(toy.files, patch);
    expect(r.hunks[0]).toMatchObject({ status: 'outside' });
    expect(r.hunks[0].notes.join(' ')).toMatch(/toy_collapse is not in the reference model/);
  });
});

describe('placeHunks in a syscall', () => {
  it('places a hunk of a SYSCALL_DEFINEn function named in the @@ line, as the lowering names it', () => {
    const ref = [
      {
        path: 'mm/toy.c',
        text: ['SYSCALL_DEFINE2(toyctl, unsigned long, addr, size_t, len)', '{', '\tlock_toy(addr);', '\ttoy_work(addr, len);', '\tunlock_toy(addr);', '\treturn 0;', '}', ''].join('\n'),
      },
    ];
    const patch = parseDiff(
      [
        'diff --git a/mm/toy.c b/mm/toy.c',
        '@@ -2,5 +2,5 @@ SYSCALL_DEFINE2(toyctl, unsigned long, addr, size_t, len)',
        ' {',
        ' \tlock_toy(addr);',
        '-\ttoy_work(addr, len);',
        '+\ttoy_work_fast(addr, len);',
        ' \tunlock_toy(addr);',
      ].join('\n'),
    );
    const r = placeHunks(ref, patch);
    expect(r.hunks[0]).toMatchObject({ status: 'placed', function: 'sys_toyctl' });
    expect(r.files[0].text).toContain('toy_work_fast(addr, len);');
    expect(r.files[0].text).not.toContain('toy_work(addr, len);');
  });
});
