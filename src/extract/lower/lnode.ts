/**
 * Syntax nodes as plain JS objects. The lowering walks a function's tree once per scenario group
 * (different assumptions lower differently), and every access to a tree-sitter node crosses into
 * native code; a function definition is copied once, with one cursor walk, into these objects and
 * every later lowering reads only JS. LNode is the part of tree-sitter's SyntaxNode the lowering
 * uses, so real nodes are LNodes too.
 */
import type { SyntaxNode } from '../parse.js';

export interface Point {
  row: number;
  column: number;
}

export interface LNode {
  readonly id: number;
  readonly type: string;
  readonly text: string;
  readonly isMissing: boolean;
  readonly startPosition: Point;
  readonly endPosition: Point;
  readonly childCount: number;
  readonly namedChildren: LNode[];
  child(index: number): LNode | null;
  childForFieldName(name: string): LNode | null;
  childrenForFieldName(name: string): LNode[];
  descendantsOfType(type: string | string[]): LNode[];
}

let nextId = 1;

class SnapNode implements LNode {
  readonly id = nextId++;
  readonly kids: SnapNode[] = [];
  readonly fields: (string | null)[] = [];
  private named?: SnapNode[];

  constructor(
    readonly type: string,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    readonly startPosition: Point,
    readonly endPosition: Point,
    private readonly source: string,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get text(): string {
    return this.source.substring(this.start, this.end);
  }

  get childCount(): number {
    return this.kids.length;
  }

  get namedChildren(): LNode[] {
    this.named ??= this.kids.filter((k) => k.isNamed);
    return this.named;
  }

  child(index: number): LNode | null {
    return this.kids[index] ?? null;
  }

  childForFieldName(name: string): LNode | null {
    const i = this.fields.indexOf(name);
    return i < 0 ? null : this.kids[i];
  }

  childrenForFieldName(name: string): LNode[] {
    return this.kids.filter((_, i) => this.fields[i] === name);
  }

  /** This node and its descendants of the type(s), in document order (as tree-sitter). */
  descendantsOfType(type: string | string[]): LNode[] {
    const types = typeof type === 'string' ? [type] : type;
    const out: LNode[] = [];
    const visit = (n: SnapNode) => {
      if (types.includes(n.type)) out.push(n);
      n.kids.forEach(visit);
    };
    visit(this);
    return out;
  }
}

/** A copy of `node`'s subtree; `source` is the text the tree was parsed from. */
export function snapshot(node: SyntaxNode, source: string): LNode {
  const cursor = node.walk();
  const make = () =>
    new SnapNode(
      cursor.nodeType,
      cursor.nodeIsNamed,
      cursor.nodeIsMissing,
      cursor.startPosition,
      cursor.endPosition,
      source,
      cursor.startIndex,
      cursor.endIndex,
    );
  const root = make();
  const stack: SnapNode[] = [root];
  if (!cursor.gotoFirstChild()) return root;
  for (;;) {
    const parent = stack[stack.length - 1];
    const n = make();
    parent.kids.push(n);
    parent.fields.push(cursor.currentFieldName ?? null);
    if (cursor.gotoFirstChild()) {
      stack.push(n);
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent() || stack.length === 1) return root;
      stack.pop();
    }
  }
}
