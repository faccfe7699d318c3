import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FUNCTIONS_SCHEMA, functionsCommand, lineRanges, renderFunctions } from '../../src/cli/functions.js';
import type { PatchFunctions } from '../../src/extract/types.js';
import { InputError } from '../../src/input/types.js';
import { buildKernelTree, hugetlbSeriesMails } from '../helpers/kernel-tree.js';

const LIST: PatchFunctions[] = [
  {
    patchId: 'p1',
    title: 'mm: change things',
    position: 'v2 1/2',
    quoted: true,
    files: [
      { path: 'Documentation/x.rst', functions: [], skipped: 'not a C source file' },
      {
        path: 'mm/memory.c',
        functions: [
          { file: 'mm/memory.c', name: 'zap_pte_range', kind: 'changed', preRange: [10, 40], postRange: [10, 42], removedLines: [20], addedLines: [20, 21, 22], fromFragment: false, hunks: [0] },
          { file: 'mm/memory.c', name: 'helper', kind: 'added', postRange: [50, 55], removedLines: [], addedLines: [50, 51, 52, 53, 54, 55], fromFragment: true, fallback: 'header line + brace matching', hunks: [1] },
        ],
      },
    ],
  },
];

describe('renderFunctions', () => {
  it('prints patch → file → function → changed lines', () => {
    expect(renderFunctions(LIST, 'text')).toBe(
      [
        '[v2 1/2] mm: change things  (quoted)',
        '  Documentation/x.rst: skipped (not a C source file)',
        '  mm/memory.c',
        '    zap_pte_range  (changed; pre 10-40; post 10-42)',
        '      - 20',
        '      + 20-22',
        '    helper  (added; post 50-55; from hunk fragment; fallback: header line + brace matching)',
        '      + 50-55',
        '',
      ].join('\n'),
    );
  });

  it('prints JSON with a schema version', () => {
    const json = JSON.parse(renderFunctions(LIST, 'json'));
    expect(json.schema).toBe(FUNCTIONS_SCHEMA);
    expect(json.patches).toEqual(LIST);
  });

  it('compacts line numbers into ranges', () => {
    expect(lineRanges([1, 2, 3, 7, 9, 10])).toBe('1-3, 7, 9-10');
    expect(lineRanges([])).toBe('');
  });
});

describe('functionsCommand', () => {
  const dirs: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  function diffFile(): string {
    const dir = mkdtempSync(join(tmpdir(), 'mmreview-fn-'));
    dirs.push(dir);
    const file = join(dir, 'x.diff');
    writeFileSync(file, [
      'diff --git a/mm/madvise.c b/mm/madvise.c',
      '--- a/mm/madvise.c',
      '+++ b/mm/madvise.c',
      '@@ -30,5 +30,5 @@ static long madvise_dontneed_single_vma(struct vm_area_struct *vma,',
      ' \t\t\t\t\tunsigned long start, unsigned long end)',
      ' {',
      '-\tzap_page_range(vma, start, end - start);',
      '+\tzap_page_range_single(vma, start, end - start, NULL);',
      ' \treturn 0;',
      ' }',
      '',
    ].join('\n'));
    return file;
  }

  it('lists the functions of a diff file as JSON', async () => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    expect(await functionsCommand([diffFile()], { format: 'json' })).toBe(0);
    const json = JSON.parse(out);
    expect(json.patches[0].files[0].functions.map((f: { name: string }) => f.name)).toEqual(['madvise_dontneed_single_vma']);
  });

  it('uses the images of a kernel tree with --tree', async () => {
    const tree = buildKernelTree();
    try {
      const mails = hugetlbSeriesMails(tree, false);
      const dir = mkdtempSync(join(tmpdir(), 'mmreview-fn-'));
      dirs.push(dir);
      const mbox = join(dir, 'series.mbox');
      writeFileSync(mbox, mails.join('\n'));
      let out = '';
      vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
      expect(await functionsCommand([mbox], { tree: tree.dir })).toBe(0);
      expect(out).toContain('[1/3] madvise: use zap_page_range_single for madvise dontneed');
      expect(out).toMatch(/__unmap_hugepage_range_final {2}\(changed; pre 208-224; post 208-229\)/);
      expect(out).not.toContain('from hunk fragment');
    } finally {
      tree.cleanup();
    }
  });

  it('rejects an unknown format with an InputError', async () => {
    await expect(functionsCommand([diffFile()], { format: 'xml' })).rejects.toBeInstanceOf(InputError);
  });
});
