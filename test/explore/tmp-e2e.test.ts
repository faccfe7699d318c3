import { it } from 'vitest';
import { realDeps } from '../../src/engine/deps.js';
import { Runner } from '../../src/engine/runner.js';
it('e2e', async () => {
  const deps = await realDeps();
  const runner = new Runner(deps);
  for (const rule of deps.rules) {
    for (const sc of rule.scenarios) {
      for (const v of deps.variants) {
        const src = { key: `ref:${v.name}`, label: `reference ${v.name}`, base: v.files, overlay: [] };
        const t0 = Date.now();
        try {
          const r = await runner.explore(sc, src as never);
          console.log(rule.id, sc.id, v.name, Date.now() - t0, 'ms', JSON.stringify(r.stats), r.verdicts.map((x) => x.verdict.kind + ':' + ((x.verdict as any).property ?? (x.verdict as any).reason ?? '') + ':' + (x.trace?.steps.length ?? '')).join(' | '), 'unmodelled', r.unmodelled.length, r.unmodelled.slice(0, 5).join('; '));
        } catch (e) { console.log(rule.id, sc.id, 'ERROR', e); }
      }
    }
  }
}, 300000);
