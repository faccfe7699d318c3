/**
 * The layer arrows of docs/internals.md, checked on the import statements of every file under src/
 * (static imports, `export … from` and dynamic `import()` whose specifier is a string literal or a
 * const initialised with one), plus "nothing below src/cli prints or reads argv".
 *
 * Known violations are listed in KNOWN_VIOLATIONS with the owner to fix them: the test fails on any
 * new violation, and on an allowlist entry that no longer occurs (so the list only shrinks).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface ImportRef {
  spec: string;
  line: number;
  typeOnly: boolean;
  kind: 'static' | 'dynamic' | 're-export';
}

interface OutputUse {
  what: string;
  line: number;
}

// ---------------------------------------------------------------------------------------------
// Scanning

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx|mts)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

function parse(text: string, name: string): ts.SourceFile {
  const kind = name.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true, kind);
}

function lineOf(sf: ts.SourceFile, node: ts.Node): number {
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

/** `const x = '…'` / `const x: string = '…'` at any depth: lets `import(x)` be checked too. */
function stringConsts(sf: ts.SourceFile): Map<string, string> {
  const consts = new Map<string, string>();
  const visit = (n: ts.Node) => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && ts.isStringLiteralLike(n.initializer)) {
      if (n.parent.flags & ts.NodeFlags.Const) consts.set(n.name.text, n.initializer.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return consts;
}

function isTypeOnlyImport(n: ts.ImportDeclaration): boolean {
  const clause = n.importClause;
  if (!clause) return false; // side-effect import
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const b = clause.namedBindings;
  return !!b && ts.isNamedImports(b) && b.elements.length > 0 && b.elements.every((e) => e.isTypeOnly);
}

function dynamicSpec(call: ts.CallExpression, consts: Map<string, string>): string {
  const arg = call.arguments[0];
  if (arg && ts.isStringLiteralLike(arg)) return arg.text;
  if (arg && ts.isIdentifier(arg) && consts.has(arg.text)) return consts.get(arg.text)!;
  return `<computed: ${arg ? arg.getText() : ''}>`;
}

/** Every import of one source text. Computed dynamic specifiers come back as `<computed: …>`. */
function importsOf(text: string, name = 'x.ts'): ImportRef[] {
  const sf = parse(text, name);
  const consts = stringConsts(sf);
  const out: ImportRef[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
      out.push({ spec: n.moduleSpecifier.text, line: lineOf(sf, n), typeOnly: isTypeOnlyImport(n), kind: 'static' });
    } else if (ts.isExportDeclaration(n) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      out.push({ spec: n.moduleSpecifier.text, line: lineOf(sf, n), typeOnly: n.isTypeOnly, kind: 're-export' });
    } else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) {
      out.push({ spec: dynamicSpec(n, consts), line: lineOf(sf, n), typeOnly: false, kind: 'dynamic' });
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
      out.push({ spec: n.argument.literal.text, line: lineOf(sf, n), typeOnly: true, kind: 'static' });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const OUTPUT_OBJECTS: Record<string, RegExp> = {
  process: /^(stdout|stderr|argv)$/,
  console: /^(log|error|warn|info|debug|trace|dir|table)$/,
};

/** Uses of process.stdout / process.stderr / process.argv / console.* (code only, not comments). */
function outputUsesOf(text: string, name = 'x.ts'): OutputUse[] {
  const sf = parse(text, name);
  const out: OutputUse[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression)) {
      const allowed = OUTPUT_OBJECTS[n.expression.text];
      if (allowed?.test(n.name.text)) out.push({ what: `${n.expression.text}.${n.name.text}`, line: lineOf(sf, n) });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Layers and arrows

/** Repository-relative target of a relative specifier ('.js' → the '.ts'/'.tsx' source); undefined for packages. */
function targetOf(fromFile: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const abs = resolve(ROOT, dirname(fromFile), spec);
  const rel = relative(ROOT, abs).split('\\').join('/');
  if (rel.endsWith('.jsx') || (rel.endsWith('.js') && sourceExists(rel.replace(/\.js$/, '.tsx')))) return rel.replace(/\.jsx?$/, '.tsx');
  return rel.replace(/\.(m?js)$/, '.ts');
}

function sourceExists(rel: string): boolean {
  try {
    readFileSync(join(ROOT, rel));
    return true;
  } catch {
    return false;
  }
}

/** 'src/engine/x.ts' → 'engine'; 'rules/a.ts' → 'rules' (the rule set the engine runs). */
function layerOf(rel: string): string {
  const parts = rel.split('/');
  if (parts[0] === 'src') return parts[1]?.includes('.') ? 'src-root' : parts[1]!;
  return parts[0]!;
}

/** Contract files that the types-only layers (report, tui) may import, type-only. */
const TYPE_FILES = ['src/engine/types.ts', 'src/explore/types.ts', 'src/model/ir.ts'];

type Arrow = (target: string, imp: ImportRef) => boolean;
const inLayers = (...layers: string[]): Arrow => (t) => layers.includes(layerOf(t));
const typesOnly: Arrow = (t, imp) => TYPE_FILES.includes(t) && imp.typeOnly;

/**
 * What each layer may import besides its own folder (docs/internals.md). Layers not listed (cli,
 * hook) are bound only by "nothing below cli imports cli". rules/ counts as part of the engine layer.
 */
const ARROWS: Record<string, { rule: string; ok: Arrow }> = {
  model: { rule: 'src/model imports nothing of ours outside src/model', ok: () => false },
  explore: { rule: 'src/explore imports only src/model', ok: inLayers('model') },
  extract: {
    rule: 'src/extract imports only src/model and src/input/types.ts',
    ok: (t, i) => inLayers('model')(t, i) || t === 'src/input/types.ts',
  },
  input: { rule: 'src/input imports only src/extract/types.ts', ok: (t) => t === 'src/extract/types.ts' },
  engine: { rule: 'src/engine imports only extract, explore, model, input (and rules/)', ok: inLayers('extract', 'explore', 'model', 'input', 'rules') },
  report: { rule: 'src/report imports only the type contracts, type-only', ok: typesOnly },
  tui: { rule: 'src/tui imports only the type contracts, type-only', ok: typesOnly },
};

interface Violation {
  rule: string;
  /** 'src/report/x.ts -> src/engine/rule.ts' or 'src/report/x.ts: process.stdout' */
  key: string;
  line: number;
}

function layerViolations(file: string, imports: ImportRef[]): Violation[] {
  const from = layerOf(file);
  const out: Violation[] = [];
  for (const imp of imports) {
    if (imp.spec.startsWith('<computed')) {
      if (from !== 'cli') out.push({ rule: 'dynamic imports below src/cli use checkable specifiers', key: `${file} -> ${imp.spec}`, line: imp.line });
      continue;
    }
    const target = targetOf(file, imp.spec);
    if (!target) continue; // a package, not ours
    const to = layerOf(target);
    if (to === from) continue;
    if (to === 'cli' && from !== 'cli') out.push({ rule: 'nothing below src/cli imports src/cli', key: `${file} -> ${target}`, line: imp.line });
    const arrow = ARROWS[from];
    if (arrow && to !== 'cli' && !arrow.ok(target, imp)) {
      const how = imp.typeOnly ? '' : ' (value import)';
      out.push({ rule: arrow.rule, key: `${file} -> ${target}${TYPE_FILES.includes(target) ? how : ''}`, line: imp.line });
    }
  }
  return out;
}

function outputViolations(file: string, uses: OutputUse[]): Violation[] {
  if (layerOf(file) === 'cli') return [];
  return uses.map((u) => ({ rule: 'only src/cli prints or reads argv', key: `${file}: ${u.what}`, line: u.line }));
}

function scanTree(): { files: string[]; violations: Violation[] } {
  const files = sourceFiles(join(ROOT, 'src')).map((f) => relative(ROOT, f).split('\\').join('/'));
  const violations: Violation[] = [];
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    violations.push(...layerViolations(file, importsOf(text, file)), ...outputViolations(file, outputUsesOf(text, file)));
  }
  return { files, violations };
}

// ---------------------------------------------------------------------------------------------
// Known violations at the time this test was written. Fix the code, then delete the entry.

const KNOWN_VIOLATIONS: { key: string; owner: string; why: string }[] = [
  // Empty: the four report-layer violations found when this test was written (src/report/catalogue*.ts
  // importing src/engine/rule.ts and rules/index.ts, catalogue-main.ts printing) were fixed by the
  // reports engineer by moving the catalogue writer to src/cli/docs-rules.ts. Add an entry here only
  // with the owner who will fix it, e.g.
  // { key: 'src/report/x.ts -> src/engine/rule.ts', owner: 'reports', why: '...' },
];

const known = new Set(KNOWN_VIOLATIONS.map((k) => k.key));
const describeAll = (vs: Violation[]) => vs.map((v) => `${v.key}  (line ${v.line}; ${v.rule})`);

describe('architecture: the scanner itself', () => {
  it('finds static, type-only, re-exported and dynamic imports, also through a const specifier', () => {
    const src = [
      "import { a } from '../engine/index.js';",
      "import type { B } from '../engine/types.js';",
      "import { type C, type D } from '../model/ir.js';",
      "import { type E, f } from '../model/ir.js';",
      "export { g } from '../cli/replay.js';",
      "const spec: string = '../../rules/index.js';",
      'async function h() { await import(spec); await import(`x${1}`); return import("./local.js"); }',
      "// import { nope } from '../cli/commands.js';",
    ].join('\n');
    expect(importsOf(src)).toEqual([
      { spec: '../engine/index.js', line: 1, typeOnly: false, kind: 'static' },
      { spec: '../engine/types.js', line: 2, typeOnly: true, kind: 'static' },
      { spec: '../model/ir.js', line: 3, typeOnly: true, kind: 'static' },
      { spec: '../model/ir.js', line: 4, typeOnly: false, kind: 'static' },
      { spec: '../cli/replay.js', line: 5, typeOnly: false, kind: 're-export' },
      { spec: '../../rules/index.js', line: 7, typeOnly: false, kind: 'dynamic' },
      { spec: '<computed: `x${1}`>', line: 7, typeOnly: false, kind: 'dynamic' },
      { spec: './local.js', line: 7, typeOnly: false, kind: 'dynamic' },
    ]);
  });

  it('finds output and argv uses in code but not in comments or strings', () => {
    const src = "// process.stdout.write('x')\nconst s = 'process.argv';\nprocess.stderr.write(s);\nconsole.log(process.argv[2]);";
    expect(outputUsesOf(src).map((u) => `${u.line}:${u.what}`)).toEqual(['3:process.stderr', '4:console.log', '4:process.argv']);
  });

  it('flags a report file that imports the engine and an engine file that imports src/cli', () => {
    const report = layerViolations('src/report/x.ts', importsOf("import { checkPatchSet } from '../engine/index.js';\nimport { Outcome } from '../engine/types.js';"));
    expect(report.map((v) => v.key)).toEqual(['src/report/x.ts -> src/engine/index.ts', 'src/report/x.ts -> src/engine/types.ts (value import)']);
    const engine = layerViolations('src/engine/x.ts', importsOf("import { setReplayResolver } from '../cli/replay.js';"));
    expect(engine.map((v) => v.rule)).toEqual(['nothing below src/cli imports src/cli']);
    expect(layerViolations('src/tui/x.tsx', importsOf("import type { Finding } from '../engine/types.js';\nimport { Box } from 'ink';"))).toEqual([]);
  });

  it('resolves .js specifiers to .ts sources and names layers', () => {
    expect(targetOf('src/engine/deps.ts', '../../rules/index.js')).toBe('rules/index.ts');
    expect(layerOf('src/extract/lower/calls.ts')).toBe('extract');
    expect(layerOf('rules/lib/collapse-world.ts')).toBe('rules');
  });
});

describe('architecture: layer arrows of docs/internals.md on src/', () => {
  const { files, violations } = scanTree();

  it('scans every layer', () => {
    const layers = new Set(files.map(layerOf));
    for (const l of ['cli', 'engine', 'explore', 'extract', 'input', 'model', 'report']) expect(layers, l).toContain(l);
  });

  const rules = [...new Set([...Object.values(ARROWS).map((a) => a.rule), 'nothing below src/cli imports src/cli', 'only src/cli prints or reads argv', 'dynamic imports below src/cli use checkable specifiers'])];
  for (const rule of rules) {
    it(rule, () => {
      const fresh = violations.filter((v) => v.rule === rule && !known.has(v.key));
      expect(describeAll(fresh), `new violations of "${rule}"`).toEqual([]);
    });
  }

  it('every allowlisted violation still occurs (delete fixed ones from KNOWN_VIOLATIONS)', () => {
    const seen = new Set(violations.map((v) => v.key));
    expect(KNOWN_VIOLATIONS.filter((k) => !seen.has(k.key)).map((k) => `${k.key} (${k.owner})`)).toEqual([]);
  });
});
