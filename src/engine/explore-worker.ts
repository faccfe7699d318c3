/**
 * Worker thread for ExplorePool: runs runScenario on the model inputs it is sent. Exploration is a
 * pure function of (scenario, program, bounds), so where it runs does not change the result.
 */
import { parentPort } from 'node:worker_threads';
import { runScenario } from '../explore/index.js';
import type { ExploreJob, ExploreReply } from './explore-pool.js';

parentPort?.on('message', (job: ExploreJob) => {
  let reply: ExploreReply;
  try {
    const result = runScenario({ scenario: job.scenario, program: job.program }, job.opts);
    reply = { id: job.id, ok: true, result };
  } catch (err) {
    reply = { id: job.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply);
});
