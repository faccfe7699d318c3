/**
 * The replay resolver: turns the (scenario id, program key) of a replay string back into the model
 * input it was explored on. The engine registers it (it knows the rules and how programs are built);
 * `mmreview replay` uses it.
 */
import type { ModelInput } from '../model/scenario.js';

export type ReplayResolver = (scenarioId: string, programKey: string) => Promise<ModelInput | undefined>;

let resolver: ReplayResolver | undefined;

export function setReplayResolver(fn: ReplayResolver): void {
  resolver = fn;
}

export function getReplayResolver(): ReplayResolver | undefined {
  return resolver;
}
