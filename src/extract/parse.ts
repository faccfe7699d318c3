/**
 * tree-sitter-c, loaded once and lazily (it is a native module; start-up of --help must not pay for it).
 * tree-sitter 0.22.4 + tree-sitter-c 0.23.6 load from prebuilt binaries; other pairs can fail in
 * setLanguage with "Cannot read properties of undefined (reading 'length')".
 */
import { createRequire } from 'node:module';
import type ParserType from 'tree-sitter';

const require = createRequire(import.meta.url);
let parser: ParserType | undefined;

export type SyntaxNode = ParserType.SyntaxNode;
export type Tree = ParserType.Tree;

export function cParser(): ParserType {
  if (!parser) {
    const Parser = require('tree-sitter') as typeof ParserType;
    const C = require('tree-sitter-c');
    parser = new Parser();
    parser.setLanguage(C);
  }
  return parser;
}

/**
 * Parse C source. Large inputs need an explicit buffer size (tree-sitter's default is 32 KiB).
 * `oldTree`: a tree of an earlier version already edited with Tree.edit (incremental re-parse).
 */
export function parseC(text: string, oldTree?: Tree): Tree {
  const bufferSize = Math.max(64 * 1024, text.length * 2 + 1024);
  return cParser().parse(text, oldTree, { bufferSize });
}
