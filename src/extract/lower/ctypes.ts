/**
 * C declarations: names, static types (base + pointer depth) and number literals.
 */
import type { LNode as SyntaxNode } from './lnode.js';
import type { CType } from './context.js';

/** Base type name of a type node: `struct page` → 'page', `pte_t` → 'pte_t', `unsigned long` → 'long'. */
export function baseTypeName(typeNode: SyntaxNode | null | undefined): string {
  if (!typeNode) return 'int';
  if (typeNode.type === 'struct_specifier' || typeNode.type === 'union_specifier' || typeNode.type === 'enum_specifier')
    return typeNode.childForFieldName('name')?.text ?? 'anonymous';
  if (typeNode.type === 'sized_type_specifier') return typeNode.text.split(/\s+/).pop() ?? 'int';
  return typeNode.text;
}

export interface DeclaredName {
  name: string;
  type: CType;
  /** Array declarator (`pte_t *ptes[4]`). */
  array: boolean;
  init?: SyntaxNode;
  node: SyntaxNode;
}

/** Walks a declarator (init_declarator, pointer_declarator, array_declarator, ...) to its name. */
export function declaredName(decl: SyntaxNode, base: string): DeclaredName | undefined {
  let ptr = 0;
  let array = false;
  let init: SyntaxNode | undefined;
  let n: SyntaxNode | null = decl;
  while (n) {
    if (n.type === 'identifier' || n.type === 'field_identifier')
      return { name: n.text, type: { base, ptr }, array, init, node: decl };
    if (n.type === 'init_declarator') {
      init = n.childForFieldName('value') ?? undefined;
      n = n.childForFieldName('declarator');
    } else if (n.type === 'pointer_declarator') {
      ptr++;
      n = n.childForFieldName('declarator');
    } else if (n.type === 'array_declarator') {
      array = true;
      n = n.childForFieldName('declarator');
    } else if (n.type === 'parenthesized_declarator' || n.type === 'attributed_declarator') {
      n = n.namedChildren.find((c) => c.type !== 'attribute_specifier' && c.type !== 'comment') ?? null;
    } else if (n.type === 'function_declarator') {
      return undefined; // a prototype or function pointer: not a value local
    } else return undefined;
  }
  return undefined;
}

/** Names and types declared by a `declaration` or `parameter_declaration` node. */
export function declarationNames(node: SyntaxNode): DeclaredName[] {
  const base = baseTypeName(node.childForFieldName('type'));
  const out: DeclaredName[] = [];
  for (const d of node.childrenForFieldName('declarator')) {
    const dn = declaredName(d, base);
    if (dn) out.push(dn);
  }
  return out;
}

/** Type of a cast's type_descriptor: `(struct page *)` → { page, 1 }. */
export function typeFromDescriptor(desc: SyntaxNode | null): CType | undefined {
  if (!desc) return undefined;
  const base = baseTypeName(desc.childForFieldName('type'));
  let ptr = 0;
  for (let d = desc.childForFieldName('declarator'); d; d = d.childForFieldName('declarator'))
    if (d.type === 'abstract_pointer_declarator') ptr++;
  return { base, ptr };
}

/** Integer value of a C number literal (suffixes u/l ignored); undefined for floats or huge values. */
export function parseNumber(text: string): number | undefined {
  const t = text.replace(/[uUlL]+$/, '');
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) v = parseInt(t.slice(2), 16);
  else if (/^0[bB][01]+$/.test(t)) v = parseInt(t.slice(2), 2);
  else if (/^0[0-7]+$/.test(t)) v = parseInt(t.slice(1), 8);
  else if (/^\d+$/.test(t)) v = parseInt(t, 10);
  else return undefined;
  return Number.isSafeInteger(v) ? v : undefined;
}
