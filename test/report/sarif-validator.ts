/** Validation against the official SARIF 2.1.0 JSON schema (not a hand-written one). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';

// Both packages are CommonJS with a `default` export; under NodeNext the default import is module.exports.
const Ajv = ((AjvDraft04 as unknown as { default?: unknown }).default ?? AjvDraft04) as unknown as typeof AjvDraft04.default;
const addFormats = ((ajvFormats as unknown as { default?: unknown }).default ?? ajvFormats) as unknown as typeof ajvFormats.default;

/** The official SARIF 2.1.0 schema (2.1.0-rtm.5, draft-04), as shipped by @microsoft/jest-sarif. */
export function sarifValidator() {
  const require = createRequire(import.meta.url);
  const path = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(path, 'utf8'));
  // The schema's language-tag pattern is not valid under the u flag; JSON Schema uses ECMA-262 without it.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

