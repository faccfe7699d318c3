import { readHunk, parseHunkHeader } from './src/input/hunks.js';
const texts = ['static long x(', 'unsigned long start)', '{', '- zap_page_range(vma);', '+ if (!is)', '+ zap_page_range(vma);', '+ else', '+ clear(vma);', 'return 0;', '}'];
const s = texts.map((t, i) => ({ text: t, line: i + 1 }));
console.log(JSON.stringify(readHunk(s, 0, parseHunkHeader('@@ -790,7 +790,10 @@')!)));
