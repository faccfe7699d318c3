/**
 * Series: patches of one [PATCH vN M/T] series are applied in order (patch k's before is patch
 * k-1's after), and a regression a later patch of the series fixes is said so on both patches.
 */
import type { Patch } from '../input/types.js';
import type { PatchReport } from './types.js';

/** Consecutive patches with the same version and total form a series; a lone patch is its own. */
export function groupSeries(patches: Patch[]): Patch[][] {
  const groups: Patch[][] = [];
  for (const p of patches) {
    const last = groups[groups.length - 1]?.[0];
    const same =
      last !== undefined &&
      p.position.total !== undefined &&
      last.position.total === p.position.total &&
      last.position.version === p.position.version;
    if (same) groups[groups.length - 1].push(p);
    else groups.push([p]);
  }
  return groups;
}

function label(r: PatchReport): string {
  return r.index !== undefined && r.total !== undefined ? `patch ${r.index}/${r.total}` : `"${r.title}"`;
}

/** Reports of one series in order: pair each regression with the first later fix of the same rule and scenario. */
export function annotateSeries(series: PatchReport[]): void {
  series.forEach((report, k) => {
    for (const f of report.findings) {
      if (f.classification !== 'regression') continue;
      for (const later of series.slice(k + 1)) {
        const fix = later.findings.find((g) => g.classification === 'fixed' && g.ruleId === f.ruleId && g.scenario === f.scenario);
        if (!fix) continue;
        f.seriesNote = `fixed later by ${label(later)}`;
        fix.seriesNote = `regression introduced by ${label(report)}`;
        break;
      }
    }
  });
}
