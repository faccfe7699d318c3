/**
 * compileModel: IR program + scenario → transition system over a flat byte state.
 *
 * Order: inline each thread's entry function (fresh locals per call), collect what the code uses,
 * lay out the world (only what is used), lay out the thread areas after it, compile every
 * instruction to a closure, and build the initial state and the properties.
 */
import type { EffectKind, Expr, IrFunction, LValue } from './ir.js';
import type { ModelInput, Scenario } from './scenario.js';
import { inlineThread, type Env, type Flat, type InlinedThread } from './inline.js';
import { compileExpr, type Scope } from './expr.js';
import { isKnownFieldName, type FieldAccess } from './fields.js';
import { allSems, effEnv } from './effects.js';
import type { ThreadCells } from './effects-core.js';
import { compileThread, generatedStepper, type Stepper, type CompiledThread, type ThreadAreas } from './thread.js';
import { buildWorldLayout, initWorld, resolveNamed, type WorldLayout, type WorldNeeds } from './world.js';
import { compileProperties, type PropertySet } from './properties.js';
import { makeDescriber } from './describe.js';
import { ModelError, STEP_OK, type StepCtx, type TransitionSystem } from './system.js';

const DEFAULT_CALL_DEPTH = 8;

function entryOf(input: ModelInput, name: string, thread: string): IrFunction {
  const fn = input.program.functions.get(name);
  if (!fn) throw new ModelError(`scenario ${input.scenario.id}: thread ${thread} runs '${name}', not in the program`);
  return fn;
}

function collectNeeds(threads: InlinedThread[], sc: Scenario): WorldNeeds {
  const needs: WorldNeeds = { effects: new Set(), obsTags: new Set(), writtenUnknownFields: new Set() };
  const vmaFields = new Set<string>();
  for (const o of sc.objects) if (o.kind === 'vma') for (const f of Object.keys(o.fields ?? {})) vmaFields.add(f);
  const written = (lv: LValue | undefined) => {
    if (lv && lv.k === 'field' && !isKnownFieldName(lv.field, vmaFields))
      needs.writtenUnknownFields.add(lv.field);
  };
  for (const th of threads) {
    for (const e of th.effects) needs.effects.add(e);
    for (const f of th.code) {
      if (f.op === 'set') written(f.dst);
      if (f.op === 'eff') {
        written(f.dst);
        if (f.eff === 'observe' && f.args[0]?.k === 'const') needs.obsTags.add(f.args[0].v & 255);
      }
    }
  }
  return needs;
}

interface AreaPlan extends ThreadAreas {
  cells: ThreadCells;
}

function planThreadArea(
  L: WorldLayout,
  inl: InlinedThread,
  tid: number,
  cpu: number,
  off: number,
): AreaPlan {
  const uses = (...k: EffectKind[]) => k.some((e) => inl.effects.has(e));
  const areaOff = off;
  const pcOff = off;
  // a return-value cell only when the entry function returns a value
  const returns = inl.code.some((f) => f.op === 'end' && f.e !== undefined);
  const retOff = returns ? off + 2 : -1;
  const localsOff = off + (returns ? 3 : 2);
  off = localsOff + inl.nLocals;
  const take = (cond: boolean, n: number): number => {
    if (!cond) return -1;
    const at = off;
    off += n;
    return at;
  };
  const cells: ThreadCells = {
    tid,
    me: tid + 1,
    cpu,
    readerByte: tid >> 3,
    readerMask: 1 << (tid & 7),
    rcuOff: L.rcuOff >= 0 ? L.rcuOff + tid : -1,
    notifOff: take(uses('notify_start', 'notify_end', 'rmap_walk_unmap'), 3),
    gatherRangeOff: take(uses('tlb_add', 'tlb_flush'), Math.max(1, Math.ceil(L.nvpn / 8))),
    gatherQueueOff: take(uses('gather_queue', 'gather_free'), Math.max(1, Math.ceil(L.pages.length / 8))),
    walkOff: take(uses('rmap_walk_unmap'), 2),
  };
  return { areaOff, areaLen: off - areaOff, pcOff, retOff, localsOff, cells };
}

function scopeMaker(L: WorldLayout, plan: AreaPlan, inl: InlinedThread, notes: Set<string>, fields: Map<string, FieldAccess>) {
  const cache = new Map<Env | undefined, Scope>();
  return (f: Flat): Scope => {
    const env = 'env' in f ? f.env : undefined;
    let sc = cache.get(env);
    if (!sc) {
      sc = {
        L,
        fields,
        note: (w) => notes.add(w),
        local(name) {
          if (!env) throw new ModelError(`local ${name} used outside a function frame`);
          const slot = env.slot(name);
          if (slot >= inl.nLocals) throw new ModelError(`local ${name} was not allocated`);
          return plan.localsOff + slot;
        },
      };
      cache.set(env, sc);
    }
    return sc;
  };
}

function threadArg(L: WorldLayout, v: string | number | Expr, where: string): number {
  if (typeof v === 'string' || typeof v === 'number') return resolveNamed(L, v, where);
  const notes = new Set<string>();
  const scope: Scope = {
    L,
    fields: new Map(),
    note: (w) => notes.add(w),
    local: () => {
      throw new ModelError(`${where}: a thread argument cannot read locals`);
    },
  };
  const s = new Uint8Array(L.worldSize);
  return compileExpr(v, scope)(s, { choice: 0, bitsUsed: 0 } as StepCtx);
}

export interface CompileOptions {
  /**
   * Step functions: 'auto' (default) starts with closures, which are cheap to build and warm up fast,
   * and switches to generated code when the search grows (TransitionSystem.upgrade); true generates
   * from the start; false keeps the closures. Same semantics either way.
   */
  generated?: boolean | 'auto';
}

function validateThreads(sc: Scenario): void {
  if (sc.threads.length === 0) throw new ModelError(`scenario ${sc.id}: no threads`);
  if (sc.threads.length > 63) throw new ModelError(`scenario ${sc.id}: too many threads`);
  const names = new Set<string>();
  for (const t of sc.threads) {
    if (names.has(t.name)) throw new ModelError(`scenario ${sc.id}: thread name '${t.name}' used twice`);
    names.add(t.name);
  }
}

/** The initial state: world objects, thread arguments, 'eventually' cells. */
function initialState(input: ModelInput, L: WorldLayout, inlined: InlinedThread[], plans: AreaPlan[], size: number): Uint8Array {
  const sc = input.scenario;
  const initial = new Uint8Array(size);
  initWorld(L, sc, initial);
  sc.threads.forEach((t, tid) => {
    const entry = entryOf(input, t.entry, t.name);
    const env = inlined[tid].entryEnv;
    for (const p of entry.params) {
      const v = t.args[p];
      if (v !== undefined) initial[plans[tid].localsOff + env.slot(p)] = threadArg(L, v, `thread ${t.name}.${p}`);
    }
  });
  return initial;
}

/** Step function of a thread; with 'eventually' properties every successor also records what has held. */
function withSeen(step: Stepper, props: PropertySet): Stepper {
  if (!props.compiled.some((p) => p.seenCell >= 0)) return step;
  return (s, out, cx) => {
    const r = step(s, out, cx);
    if (r === STEP_OK) props.markSeen(out);
    return r;
  };
}

export function compileModel(input: ModelInput, options: CompileOptions = {}): TransitionSystem {
  const sc = input.scenario;
  validateThreads(sc);
  const depth = sc.bounds.maxCallDepth ?? DEFAULT_CALL_DEPTH;
  const inlined = sc.threads.map((t) => inlineThread(input.program, entryOf(input, t.entry, t.name), depth));
  if (inlined.some((i) => i.code.length >= 0xffff)) throw new ModelError(`scenario ${sc.id}: program too large`);
  const L = buildWorldLayout(sc, collectNeeds(inlined, sc));
  let off = L.worldSize;
  const plans = inlined.map((inl, tid) => {
    const p = planThreadArea(L, inl, tid, sc.threads[tid].cpu ?? tid, off);
    off += p.areaLen;
    return p;
  });
  const notes = new Set<string>(inlined.flatMap((inl) => inl.unmodelled));
  const fields = new Map<string, FieldAccess>();
  const rcuCells = plans.map((p) => p.cells.rcuOff);
  const props = compileProperties(sc, L, inlined, plans, notes, fields, off);
  const scopes = inlined.map((inl, tid) => scopeMaker(L, plans[tid], inl, notes, fields));
  const mode = options.generated ?? 'auto';
  const threads: CompiledThread[] = inlined.map((inl, tid) => {
    const sems = allSems(effEnv(L, plans[tid].cells), rcuCells);
    return compileThread(sc.threads[tid].name, tid, inl, plans[tid], scopes[tid], sems, props.stateSize, mode === true);
  });
  props.bindThreads(threads);
  const initial = initialState(input, L, inlined, plans, props.stateSize);
  props.markSeen(initial);
  const describer = makeDescriber(L, threads);
  const pcOff = Int32Array.from(threads.map((t) => t.pcOff));
  const threadStep = threads.map((th) => withSeen(th.stepper, props));
  let upgraded = mode !== 'auto';
  const upgrade = () => {
    if (upgraded) return;
    upgraded = true;
    threads.forEach((th, tid) => {
      const gen = generatedStepper(th, scopes[tid]);
      if (gen) threadStep[tid] = withSeen(gen, props);
    });
  };
  return {
    scenarioId: sc.id,
    stateSize: props.stateSize,
    worldSize: L.worldSize,
    threadNames: sc.threads.map((t) => t.name),
    initial,
    step: (tid, s, out, cx) => threadStep[tid](s, out, cx),
    threadStep,
    upgrade,
    isDone: (s, tid) => s[pcOff[tid]] === 255 && s[pcOff[tid] + 1] === 255,
    properties: props.compiled,
    describeWait: describer.describeWait,
    describeState: describer.describeState,
    threadLoc: describer.threadLoc,
    unmodelled: [...notes].sort(),
    checkStalls: sc.checkStalls !== false,
    pcOffsets: pcOff,
    blockCells: threads.map((th) => th.fastCell),
    threadAreas: plans.map((p) => ({ off: p.areaOff, len: p.areaLen })),
  };
}
