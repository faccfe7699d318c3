/** A mail (or bare diff) found in an input, before its diff is parsed. */
import type { SourceLine } from './lines.js';

export type UnitKind = 'mbox' | 'mail' | 'archive' | 'diff';

export interface MailUnit {
  input: string;
  /** 1-based input line where the mail starts. */
  line: number;
  kind: UnitKind;
  subject?: string;
  from?: string;
  date?: string;
  messageId?: string;
  /** Commit id from a `From <sha> Mon Sep 17 ...` mbox separator (git format-patch). */
  commit?: string;
  body: SourceLine[];
}
