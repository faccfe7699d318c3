/**
 * The `--format json` report, version 1, as a zod schema: the documentation of record (docs/commands.md
 * describes the same fields) and what the tests validate every JSON report against. Objects are strict:
 * a field the schema does not list is an error, so the schema cannot silently fall behind the output.
 * Additive changes keep `version: 1`; removing or changing a field bumps it.
 */
import { z } from 'zod';

import { JSON_REPORT_VERSION } from './json-version.js';

export { JSON_REPORT_VERSION };

const loc = z.object({ file: z.string(), line: z.number().int(), fn: z.string() }).strict();

const traceStep = z
  .object({
    n: z.number().int().positive(),
    thread: z.string(),
    text: z.string(),
    api: z.string(),
    event: z.string(),
    loc,
    choices: z.array(z.string()).optional(),
  })
  .strict();

const waitEdge = z
  .object({
    thread: z.string(),
    waitsFor: z.string(),
    heldBy: z.string(),
    how: z.enum(['blocked', 'spinning']),
    loc,
  })
  .strict();

const hunk = z
  .object({
    file: z.string(),
    hunk: z.number().int().nonnegative(),
    header: z.string(),
    lines: z.array(z.string()),
    marked: z.array(z.number().int().nonnegative()),
  })
  .strict();

export const jsonFinding = z
  .object({
    ruleId: z.string(),
    severity: z.enum(['error', 'warning', 'info']),
    classification: z.enum(['regression', 'fixed', 'pre-existing']),
    /** The level the text report shows: error / warning / note. */
    level: z.enum(['error', 'warning', 'note']),
    message: z.string(),
    patch: z
      .object({
        id: z.string(),
        title: z.string(),
        index: z.number().int().nonnegative().optional(),
        total: z.number().int().positive().optional(),
        version: z.number().int().positive(),
        quoted: z.boolean(),
        repaired: z.boolean(),
      })
      .strict(),
    location: z.object({ file: z.string(), line: z.number().int(), function: z.string().optional() }).strict(),
    hunk: hunk.optional(),
    cycle: z.array(waitEdge).optional(),
    trace: z
      .object({ steps: z.array(traceStep), state: z.array(z.string()), replay: z.string() })
      .strict()
      .optional(),
    scenario: z.string(),
    compared: z.object({ before: z.string(), after: z.string() }).strict(),
    seriesNote: z.string().optional(),
  })
  .strict();

const counts = z
  .object({ regression: z.number().int(), fixed: z.number().int(), 'pre-existing': z.number().int() })
  .strict();

const scenarioRun = z
  .object({
    scenario: z.string(),
    side: z.enum(['before', 'after']),
    verdict: z.enum(['ok', 'violation', 'deadlock', 'livelock', 'inconclusive']),
    states: z.number().int().nonnegative(),
    transitions: z.number().int().nonnegative(),
    depth: z.number().int().nonnegative(),
  })
  .strict();

export const jsonPatch = z
  .object({
    id: z.string(),
    title: z.string(),
    index: z.number().int().nonnegative().optional(),
    total: z.number().int().positive().optional(),
    quoted: z.boolean(),
    repaired: z.boolean(),
    base: z.string(),
    counts,
    findings: z.array(jsonFinding),
    runs: z.array(scenarioRun),
    unplaced: z.array(z.string()),
    unmodelled: z.array(z.string()),
  })
  .strict();

export const jsonReport = z
  .object({
    tool: z.literal('mmreview'),
    version: z.literal(JSON_REPORT_VERSION),
    inputs: z.array(z.string()),
    notes: z.array(z.string()),
    summary: z
      .object({
        patches: z.number().int().nonnegative(),
        counts,
        /** Exit status under the default `--fail-on regression`. */
        failing: z.boolean(),
      })
      .strict(),
    patches: z.array(jsonPatch),
  })
  .strict();

export type JsonReport = z.infer<typeof jsonReport>;
export type JsonFinding = z.infer<typeof jsonFinding>;
