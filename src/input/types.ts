/**
 * PatchSet: what intake (mail, mbox, diff, git range) hands to the rest of mmreview.
 * Contract shared by src/input (producer) and src/extract, src/engine, src/report (consumers).
 */

/** One line of a hunk after recovery. `text` has no leading +/-/space marker. */
export interface PatchLine {
  kind: ' ' | '+' | '-';
  text: string;
  /** 1-based line in the pre-image (context and removed lines). */
  oldLine?: number;
  /** 1-based line in the post-image (context and added lines). */
  newLine?: number;
  /** 1-based line of this hunk line in the input file it was read from (for messages). */
  inputLine?: number;
}

export interface Hunk {
  /** 0-based position of this hunk in its file diff. */
  index: number;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Function context after the second @@, e.g. "static int collapse_file(struct mm_struct *mm, ...". */
  context: string;
  lines: PatchLine[];
}

export type FileStatus = 'modified' | 'added' | 'deleted' | 'renamed' | 'copied' | 'binary' | 'mode-only';

export interface FileDiff {
  /** Path without a/ b/ prefix; null for /dev/null. */
  oldPath: string | null;
  newPath: string | null;
  status: FileStatus;
  /** Abbreviated blob ids from the `index <old>..<new>` line when present. */
  oldBlob?: string;
  newBlob?: string;
  oldMode?: string;
  newMode?: string;
  hunks: Hunk[];
}

export interface SeriesPosition {
  /** Version from [PATCH vN ...]; 1 when absent. */
  version: number;
  /** M of M/T; undefined for a single patch. 0 = cover letter. */
  index?: number;
  total?: number;
  /** Other bracket words: RFC, RESEND, mm-unstable, ... (sorted as they appear). */
  tags: string[];
}

export interface Patch {
  /** Stable id: hash of the normalised diff (same patch quoted elsewhere → same id). */
  id: string;
  /** Subject with the [PATCH ...] prefix and Re: removed. */
  title: string;
  /** Subject as written (after header decoding). */
  subject: string;
  from?: string;
  date?: string;
  messageId?: string;
  position: SeriesPosition;
  /** Commit message (body before the first diff / '---'). */
  message: string;
  files: FileDiff[];
  /** The patch was extracted from a `> `-quoted reply. */
  quoted: boolean;
  /** Whitespace damage was repaired using hunk-header line counts. */
  repaired: boolean;
  /** Where the patch came from: input name and 1-based line of its mail/diff start. */
  origin: { input: string; line: number };
  baseCommit?: string;
  prerequisitePatchIds?: string[];
  /** For git ranges: the commit this patch is. */
  commit?: string;
}

export interface CoverLetter {
  subject: string;
  position: SeriesPosition;
  message: string;
  origin: { input: string; line: number };
  baseCommit?: string;
}

/** Why a mail was or was not taken as a patch. Printed with --verbose and in JSON. */
export interface IntakeNote {
  input: string;
  line: number;
  subject?: string;
  decision: 'patch' | 'cover' | 'duplicate' | 'older-version' | 'no-diff' | 'skipped';
  reason: string;
}

export interface PatchSet {
  /** Patches in series order (version, then index). */
  patches: Patch[];
  cover?: CoverLetter;
  notes: IntakeNote[];
}

/** Malformed or unusable input. The CLI prints `mmreview: <input>:<line>: <message>` and exits 2. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'InputError';
  }
  /** One line naming the input and position. */
  describe(): string {
    return `${this.input}${this.line !== undefined ? `:${this.line}` : ''}: ${this.message}`;
  }
}
