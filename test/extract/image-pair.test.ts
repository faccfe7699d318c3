import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateImages, type RowEdit } from '../../src/extract/image-pair.js';
import { locateSource } from '../../src/extract/locate.js';
import { FIXTURE_TREE } from '../helpers/kernel-tree.js';

/** Insert a statement after every `every`-th row; returns the post text and the hunks' row edits. */
function insertEvery(pre: string, every: number): { post: string; edits: RowEdit[] } {
  const out: string[] = [];
  const edits: RowEdit[] = [];
  pre.split('\n').forEach((line, row) => {
    out.push(line);
    if (row % every === every - 1 && line.startsWith('\t')) {
      edits.push({ preRow: row + 1, preRows: 0, postRow: out.length, postRows: 1 });
      out.push('\tsmp_mb();');
    }
  });
  return { post: out.join('\n'), edits };
}

describe('locateImages', () => {
  const pre = readFileSync(join(FIXTURE_TREE, 'mm/memory.c'), 'utf8');

  it('locates the post-image incrementally with the same result as a fresh parse', () => {
    const { post, edits } = insertEvery(pre, 17);
    expect(edits.length).toBeGreaterThan(5);
    const both = locateImages(pre + '\n/* a */', post + '\n/* a */', edits);
    expect(both.incremental).toBe(true);
    expect(both.post?.spans).toEqual(locateSource(post + '\n/* a */').spans);
    expect(both.pre?.spans).toEqual(locateSource(pre + '\n/* a */').spans);
  });

  it('parses afresh when the images differ outside the hunks', () => {
    const { post, edits } = insertEvery(pre, 23);
    const changedElsewhere = post.replace('static __always_inline bool should_zap_cows', 'static __always_inline bool should_zap_cows_renamed');
    const both = locateImages(pre + '\n/* b */', changedElsewhere, edits);
    expect(both.incremental).toBe(false);
    expect(both.post?.spans.map((s) => s.name)).toContain('should_zap_cows_renamed');
    expect(both.post?.spans).toEqual(locateSource(changedElsewhere).spans);
  });

  it('reuses the located post-image when it is the next patch\'s pre-image', () => {
    const { post, edits } = insertEvery(pre, 29);
    const first = locateImages(pre + '\n/* c */', post, edits);
    const second = locateImages(post, null);
    expect(second.pre).toBe(first.post);
    expect(second.post).toBeUndefined();
  });
});
