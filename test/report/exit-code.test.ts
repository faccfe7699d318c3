import { describe, expect, test } from 'vitest';
import { exitCodeFor, isFailOn, isReportFormat } from '../../src/report/index.js';
import { cleanOutcome, deadlock, quotedOutcome, seriesOutcome } from './fixtures.js';

describe('exitCodeFor', () => {
  test('regression → 1, clean → 0, none → 0', () => {
    expect(exitCodeFor(seriesOutcome(), 'regression')).toBe(1);
    expect(exitCodeFor(cleanOutcome(), 'regression')).toBe(0);
    expect(exitCodeFor(seriesOutcome(), 'none')).toBe(0);
  });

  test('pre-existing and fixed never fail', () => {
    expect(exitCodeFor(quotedOutcome(), 'warning')).toBe(0);
    const o = seriesOutcome();
    o.patches[2].findings = o.patches[2].findings.filter((f) => f.classification === 'fixed');
    expect(exitCodeFor(o, 'warning')).toBe(0);
  });

  test('a warning-level regression fails only with --fail-on warning', () => {
    const o = seriesOutcome();
    o.patches[2].findings = [{ ...deadlock, severity: 'warning' }];
    expect(exitCodeFor(o, 'regression')).toBe(0);
    expect(exitCodeFor(o, 'warning')).toBe(1);
  });

  test('option guards', () => {
    expect(isReportFormat('sarif')).toBe(true);
    expect(isReportFormat('xml')).toBe(false);
    expect(isFailOn('warning')).toBe(true);
    expect(isFailOn('error')).toBe(false);
  });
});
