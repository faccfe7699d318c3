/**
 * Scenario explorations on worker threads, so that the explorer runs while the main thread lowers
 * the next program. Opt-in with MMREVIEW_WORKERS=<n> (n >= 2), and only from the compiled package
 * (the worker is a .js file): for the seed-sized scenarios (a few thousand states, tens of ms each)
 * starting workers and cloning programs costs about what it saves, so in-process is the default.
 * Results do not depend on where a run happens.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ExploreOptions } from '../explore/index.js';
import type { ExploreResult } from '../explore/types.js';
import type { IrProgram } from '../model/ir.js';
import type { Scenario } from '../model/scenario.js';

export interface ExploreJob {
  id: number;
  scenario: Scenario;
  program: IrProgram;
  opts: Partial<ExploreOptions>;
}

export type ExploreReply = { id: number; ok: true; result: ExploreResult } | { id: number; ok: false; error: string };

interface Pending {
  resolve: (r: ExploreResult) => void;
  reject: (e: Error) => void;
}

export class ExplorePool {
  private readonly idle: Worker[] = [];
  private readonly queue: ExploreJob[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly busy = new Map<Worker, number>();
  private nextId = 1;
  private alive: number;

  private constructor(private readonly workers: Worker[]) {
    this.alive = workers.length;
    for (const w of workers) {
      w.on('message', (reply: ExploreReply) => this.settle(w, reply));
      w.on('error', (err) => this.fail(w, err));
      // an idle worker must not keep the process alive (a forgotten close()); a busy one must
      // (the caller may be waiting on nothing else). Unref after adding listeners: they ref.
      w.unref();
      this.idle.push(w);
    }
  }

  /** A pool when MMREVIEW_WORKERS asks for one and the compiled worker exists; otherwise undefined. */
  static create(size = Math.min(Number(process.env.MMREVIEW_WORKERS ?? 0), availableParallelism())): ExplorePool | undefined {
    if (!(size >= 2)) return undefined;
    const url = new URL('./explore-worker.js', import.meta.url);
    if (!import.meta.url.endsWith('.js') || !existsSync(fileURLToPath(url))) return undefined;
    return new ExplorePool(Array.from({ length: size }, () => new Worker(url)));
  }

  run(scenario: Scenario, program: IrProgram, opts: Partial<ExploreOptions>): Promise<ExploreResult> {
    const job: ExploreJob = { id: this.nextId++, scenario, program, opts };
    return new Promise((resolve, reject) => {
      this.pending.set(job.id, { resolve, reject });
      this.queue.push(job);
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.busy.set(w, job.id);
      w.ref();
      w.postMessage(job);
    }
  }

  private settle(w: Worker, reply: ExploreReply): void {
    this.busy.delete(w);
    w.unref();
    this.idle.push(w);
    const p = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (p) reply.ok ? p.resolve(reply.result) : p.reject(new Error(reply.error));
    this.dispatch();
  }

  /** A worker died: its job fails (the engine records it as inconclusive); the others carry on. */
  private fail(w: Worker, err: Error): void {
    const id = this.busy.get(w);
    this.busy.delete(w);
    this.alive--;
    if (id !== undefined) {
      this.pending.get(id)?.reject(err);
      this.pending.delete(id);
    }
    if (this.alive > 0) return;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    this.queue.length = 0;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
