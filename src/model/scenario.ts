/**
 * A scenario: the threads to run against each other, the small world they share, the facts the
 * lowering may assume, and the properties to check. Written as data by the rules (rules/*.ts) and
 * compiled by src/model together with an IrProgram into a transition system.
 */
import type { Expr, IrProgram, PageFlag } from './ir.js';

export type LockClass = 'spin' | 'rwlock' | 'mutex' | 'rwsem' | 'bit';

export type ObjectDecl =
  | { kind: 'lock'; name: string; class: LockClass; label: string }
  | {
      kind: 'page';
      name: string;
      label: string;
      /** Initial refcount (page cache + mappings + pins). */
      ref: number;
      flags?: PageFlag[];
      /** Page-cache index this page sits at initially (absent for the new huge page). */
      index?: number;
      /** Virtual page numbers (page-table entries) mapping it initially. */
      mappedAt?: number[];
      locked?: boolean;
      /** The huge page being built (hpage / new_folio). */
      huge?: boolean;
    }
  | {
      kind: 'pagetable';
      name: string;
      label: string;
      /** The PTL object (a lock declared in the same scenario). */
      ptl: string;
      /** Virtual page numbers this table covers. */
      covers: number[];
    }
  | { kind: 'vma'; name: string; label: string; fields?: Record<string, number | string> }
  | { kind: 'mapping'; name: string; label: string; slots: number; shmem: boolean; uffdMissing?: boolean };

export interface ThreadDecl {
  /** Short name shown in traces: 'collapse', 'mincore', 'seek'. */
  name: string;
  /** IR function run by the thread. */
  entry: string;
  /** Argument per parameter name: an object name, a number, or an expression. Missing params are 0. */
  args: Record<string, string | number | Expr>;
  /** CPU the thread runs on (TLB entries are per CPU). Defaults to the thread's position. */
  cpu?: number;
}

export type PropertyKind = 'never' | 'always' | 'eventually' | 'at-end';

export interface PropertySpec {
  id: string;
  kind: PropertyKind;
  /** Evaluated over the world and thread locals (tlocal / tstate allowed). */
  expr: Expr;
  message: string;
}

export interface Bounds {
  maxStates: number;
  maxMillis: number;
  /** Inline depth for call instructions. */
  maxCallDepth?: number;
  /** Max iterations of any one loop back-edge per thread before the path is cut (counted, reported). */
  maxLoopIterations?: number;
}

export interface Scenario {
  id: string;
  title: string;
  objects: ObjectDecl[];
  threads: ThreadDecl[];
  /**
   * Values the lowering and the model may assume, keyed by C identifier or callee name:
   * constants (HPAGE_PMD_NR → number of small pages), flags passed down, and results of calls the
   * scenario pins (PageTransCompound → 0). 'any' = explore both outcomes.
   */
  assume: Record<string, number | 'any'>;
  properties: PropertySpec[];
  bounds: Bounds;
  /** Also report stalls (deadlock / livelock) as findings. Default true. */
  checkStalls?: boolean;
  /**
   * Objects an iterator macro walks, by scenario object name, handed to the lowering as
   * LowerOptions.iterate (`{ vma_interval_tree_foreach: ['vma'] }`). Iterators without an entry
   * run zero or one pass with an unknown element.
   */
  iterate?: Record<string, string[]>;
}

/** What a scenario needs compiled: the scenario plus the program (reference or patched). */
export interface ModelInput {
  scenario: Scenario;
  program: IrProgram;
}
