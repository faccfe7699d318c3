/**
 * Choosing patches from everything the mails offer: one copy of each diff (posted beats quoted),
 * the newest version of each patch, the cover letter of the newest series, series order, and a
 * note for every mail saying what was taken and why.
 */
import type { MailOffer } from './extract.js';
import { parseSubject, positionLabel } from './subject.js';
import type { CoverLetter, IntakeNote, Patch, PatchSet } from './types.js';

interface Taken {
  patch: Patch;
  order: number;
  /** Other versions of this patch seen in the input. */
  superseded?: number;
  /** The mail the patch was read from (for quoted patches: the reply). */
  mail: MailOffer['unit'];
}

export function selectPatches(offers: MailOffer[]): PatchSet {
  const notes: IntakeNote[] = [];
  const unique = dropDuplicates(offers, notes);
  const newest = dropOlderSeries(keepNewest(unique, notes), notes);
  for (const t of newest) notes.push(note(t.patch, 'patch', takenReason(t)));
  const cover = pickCover(offers, notes);
  for (const o of offers) {
    notes.push(...o.fragments);
    if (o.patches.length === 0 && !o.cover) notes.push(noDiffNote(o));
  }
  const patches = newest.sort(seriesOrder).map((t) => t.patch);
  for (const p of patches) notes.push(...binaryNotes(p));
  inheritBase(patches, cover);
  // Inputs in the order given, then by line.
  const rank = new Map<string, number>();
  for (const o of offers) if (!rank.has(o.unit.input)) rank.set(o.unit.input, rank.size);
  notes.sort((a, b) => (rank.get(a.input) ?? 0) - (rank.get(b.input) ?? 0) || a.line - b.line || compareText(a.decision, b.decision));
  return { patches, ...(cover ? { cover } : {}), notes };
}

/** Code-unit order: the same on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function label(p: Patch): string {
  return `${positionLabel(p.position)} ${p.title}`;
}

/** Same diff twice (e.g. a reply quoting the posted patch): keep the posted copy, else the first. */
function dropDuplicates(offers: MailOffer[], notes: IntakeNote[]): Taken[] {
  const all: Taken[] = offers.flatMap((o) => o.patches.map((patch) => ({ patch, mail: o.unit }))).map((t, order) => ({ ...t, order }));
  const byId = new Map<string, Taken>();
  for (const t of all) {
    const seen = byId.get(t.patch.id);
    if (!seen || (seen.patch.quoted && !t.patch.quoted)) byId.set(t.patch.id, t);
  }
  for (const t of all) {
    const kept = byId.get(t.patch.id)!;
    if (kept === t) continue;
    notes.push(note(t.patch, 'duplicate',
      `same diff as ${label(kept.patch)} at ${kept.patch.origin.input}:${kept.patch.origin.line} ` +
      `(id ${t.patch.id}, equal after whitespace normalisation)${t.patch.quoted ? '; this copy is quoted in a reply' : ''}`));
  }
  return [...byId.values()];
}

/**
 * Versions of the same patch (same title): keep the highest version. Within it, one copy per
 * series slot: the last posted copy, else the quoted copy with the most hunks.
 */
function keepNewest(taken: Taken[], notes: IntakeNote[]): Taken[] {
  const groups = new Map<string, Taken[]>();
  for (const t of taken) {
    const key = t.patch.title.toLowerCase();
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const kept: Taken[] = [];
  for (const group of groups.values()) {
    const top = Math.max(...group.map((t) => t.patch.position.version));
    const chosen = pickPerSlot(group.filter((t) => t.patch.position.version === top));
    for (const t of group) {
      if (chosen.includes(t)) {
        kept.push({ ...t, superseded: group.filter((g) => g.patch.position.version < top).length });
      } else if (t.patch.position.version < top) {
        notes.push(note(t.patch, 'older-version', `v${t.patch.position.version} superseded by v${top} of "${t.patch.title}"`));
      } else {
        const other = chosen.find((c) => c.patch.position.index === t.patch.position.index) ?? chosen[0];
        notes.push(note(t.patch, 'duplicate', `another copy of v${top} "${t.patch.title}" with a different diff; kept the one at line ${other.patch.origin.line}${other.patch.quoted ? ' (the fullest quoted copy)' : ' (the last posted copy)'}`));
      }
    }
  }
  return kept;
}

/**
 * Patches of an older series version whose title no longer appears (retitled or dropped in the
 * newer posting) are superseded too: a thread is reviewed as its newest series.
 */
function dropOlderSeries(kept: Taken[], notes: IntakeNote[]): Taken[] {
  const inSeries = kept.filter((t) => t.patch.position.index !== undefined);
  if (inSeries.length === 0) return kept;
  const top = Math.max(...inSeries.map((t) => t.patch.position.version));
  return kept.filter((t) => {
    if (t.patch.position.index === undefined || t.patch.position.version >= top) return true;
    const reason = `series v${t.patch.position.version} superseded by v${top}; this patch is not in v${top} under the same title (retitled or dropped)`;
    notes.push(note(t.patch, 'older-version', reason));
    return false;
  });
}

function pickPerSlot(newest: Taken[]): Taken[] {
  const slots = new Map<number, Taken[]>();
  for (const t of newest) {
    const slot = t.patch.position.index ?? -1;
    slots.set(slot, [...(slots.get(slot) ?? []), t]);
  }
  return [...slots.values()].map((copies) => {
    const posted = copies.filter((t) => !t.patch.quoted);
    if (posted.length > 0) return posted[posted.length - 1];
    const hunks = (t: Taken) => t.patch.files.reduce((n, f) => n + f.hunks.length, 0);
    return copies.reduce((best, t) => (hunks(t) > hunks(best) ? t : best));
  });
}

function takenReason(t: Taken): string {
  const p = t.patch;
  const parts = [`${label(p)}: ${p.files.length} file(s), ${p.files.reduce((n, f) => n + f.hunks.length, 0)} hunk(s)`];
  if (p.quoted) parts.push(`quoted in the reply at line ${t.mail.line}${t.mail.subject ? ` ("${t.mail.subject}")` : ''}`);
  if (p.repaired) parts.push('whitespace damage repaired from the hunk counts');
  if (t.superseded) parts.push(`newest of ${t.superseded + 1} versions in the input`);
  return parts.join('; ');
}

/** The cover letter of the newest series version; older covers are noted. */
function pickCover(offers: MailOffer[], notes: IntakeNote[]): CoverLetter | undefined {
  const covers = offers.filter((o) => o.cover).map((o) => o.cover!);
  if (covers.length === 0) return undefined;
  const top = Math.max(...covers.map((c) => c.position.version));
  const chosen = covers.find((c) => c.position.version === top)!;
  for (const c of covers) {
    const base = { input: c.origin.input, line: c.origin.line, subject: c.subject };
    if (c === chosen) notes.push({ ...base, decision: 'cover', reason: `cover letter ${positionLabel(c.position)}` });
    else notes.push({ ...base, decision: 'older-version', reason: `cover letter of v${c.position.version}, superseded by v${top}` });
  }
  return chosen;
}

/** Binary files of a taken patch have no hunks to check: say so. */
function binaryNotes(p: Patch): IntakeNote[] {
  return p.files
    .filter((f) => f.status === 'binary')
    .map((f) => note(p, 'skipped', `binary file ${f.newPath ?? f.oldPath}: no hunks to check, skipped`));
}

function noDiffNote(o: MailOffer): IntakeNote {
  const subject = parseSubject(o.unit.subject ?? '');
  const why =
    o.quoteDepth > 0
      ? `reply without a diff (quoted text to depth ${o.quoteDepth})`
      : subject.isPatch && !subject.reply
        ? 'patch subject but no diff or hunk header in the body'
        : 'no diff or hunk header';
  return { input: o.unit.input, line: o.unit.line, ...(o.unit.subject ? { subject: o.unit.subject } : {}), decision: 'no-diff', reason: why };
}

function note(p: Patch, decision: IntakeNote['decision'], reason: string): IntakeNote {
  return { input: p.origin.input, line: p.origin.line, subject: p.subject, decision, reason };
}

/** Series order: version, then M of M/T, then where the patch was read. */
function seriesOrder(a: Taken, b: Taken): number {
  const pa = a.patch.position;
  const pb = b.patch.position;
  return pa.version - pb.version || (pa.index ?? 0) - (pb.index ?? 0) || a.order - b.order;
}

/** base-commit is written once (cover letter or patch 1); every patch of that series inherits it. */
function inheritBase(patches: Patch[], cover: CoverLetter | undefined): void {
  const base = cover?.baseCommit ?? patches.find((p) => p.baseCommit)?.baseCommit;
  if (!base) return;
  for (const p of patches) if (!p.baseCommit) p.baseCommit = base;
}
