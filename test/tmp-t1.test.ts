import { it } from 'vitest';
import { collapseVsMincore } from '../src/model/bench-collapse.js';
import { runScenario } from '../src/explore/index.js';
it('x', () => {
  for (const [n, nm, v] of [[2,1,'A'],[3,2,'A'],[4,2,'A'],[8,1,'B'],[8,2,'A']] as const) {
    const t0 = Date.now();
    const r = runScenario(collapseVsMincore(n, nm, v), { maxStates: 1e7, maxMillis: 60000, stopAtFirst: true });
    console.log(n, nm, v, JSON.stringify(r.stats), Date.now()-t0, JSON.stringify(r.verdicts.map(x => [x.verdict, x.trace?.steps.length])).slice(0, 1500));
  }
});
