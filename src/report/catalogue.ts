/**
 * The rule catalogue (docs/rules.md), generated from the rules' own metadata so it cannot drift:
 * `npm run docs:rules` writes it, and a test fails when the file differs from what this renders.
 */
import type { Severity } from '../engine/types.js';

/**
 * The parts of a rule (src/engine/rule.ts `Rule`) the catalogue shows. Structural, so every Rule
 * fits and src/report keeps to the type contracts.
 */
export interface CatalogueRule {
  id: string;
  title: string;
  severity: Severity;
  rationale: string;
  references: string[];
  knownFalsePositives: string;
  path: string;
  triggers: { functions: string[] };
  scenarios: { id: string; title: string; threads: { name: string; entry: string }[] }[];
  match: { property: string } | { stall: string };
  fixtures: { patch: string; expect: string; why: string }[];
}

export const CATALOGUE_PATH = 'docs/rules.md';

const HEADER = [
  '# Rule catalogue',
  '',
  '<!-- Generated from rules/*.ts by `npm run docs:rules`; do not edit by hand (a test compares). -->',
  '',
  'Each rule names the kernel functions whose change makes it relevant, the race scenarios the model',
  'explores before and after each patch, and what it reports. A finding is a **regression** when the',
  'scenario fails after the patch but not before, **fixed** when the reverse, **pre-existing** when both.',
  '',
];

function matchText(rule: CatalogueRule): string {
  return 'property' in rule.match ? `property \`${rule.match.property}\` violated` : `stall (${rule.match.stall}) with a wait-for cycle`;
}

function scenarioLines(rule: CatalogueRule): string[] {
  return rule.scenarios.map((s) => {
    const threads = s.threads.map((t) => `${t.name} (\`${t.entry}\`)`).join(' vs ');
    return `- \`${s.id}\`: ${s.title}${threads ? ` — threads: ${threads}` : ''}`;
  });
}

function fixtureLines(rule: CatalogueRule): string[] {
  if (rule.fixtures.length === 0) return ['- none'];
  return rule.fixtures.map((f) => `- \`${f.patch}\` → **${f.expect}**: ${f.why}`);
}

function ruleSection(rule: CatalogueRule): string[] {
  return [
    `## ${rule.id}`,
    '',
    `**${rule.title}**`,
    '',
    `- severity: ${rule.severity}`,
    `- kernel path: ${rule.path}`,
    `- reports: ${matchText(rule)}`,
    `- relevant when a patch touches: ${[...rule.triggers.functions].sort().map((f) => `\`${f}\``).join(', ')}`,
    '',
    rule.rationale,
    '',
    'Scenarios:',
    '',
    ...scenarioLines(rule),
    '',
    'References:',
    '',
    ...rule.references.map((r) => `- ${r}`),
    '',
    `Known false positives: ${rule.knownFalsePositives}`,
    '',
    'Fixtures:',
    '',
    ...fixtureLines(rule),
    '',
  ];
}

export function renderCatalogue(rules: readonly CatalogueRule[]): string {
  const sorted = [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out = [...HEADER];
  if (sorted.length === 0) {
    out.push('No rules are registered yet (rules/index.ts lists none).', '');
  } else {
    out.push('| rule | severity | path | title |', '|---|---|---|---|');
    for (const r of sorted) out.push(`| [${r.id}](#${r.id}) | ${r.severity} | ${r.path} | ${r.title} |`);
    out.push('');
    for (const r of sorted) out.push(...ruleSection(r));
  }
  return out.join('\n');
}
