/**
 * Choosing patches from everything the mails offer: one copy of each diff (posted beats quoted),
 * the newest version of each patch, the cover letter of the newest series, series order, and a
 * note for every mail saying what was taken and why.
 */
import type { MailOffer } from './extract.js';
import { positionLabel } from './subject.js';
import type { CoverLetter, IntakeNote, Patch, PatchSet } from './types.js';

interface Taken {
  patch: Patch;
  order: number;
}

export function selectPatches(offers: MailOffer[]): PatchSet {
  const notes: IntakeNote[] = [];
  const unique = dropDuplicates(offers, notes);
  const newest = keepNewest(unique, notes);
  const cover = pickCover(offers, notes);
  for (const o of offers) {
    notes.push(...o.fragments);
    if (o.patches.length === 0 && !o.cover) notes.push(noDiffNote(o));
  }
  const patches = newest.sort(seriesOrder).map((t) => t.patch);
  inheritBase(patches, cover);
  notes.sort((a, b) => a.input.localeCompare(b.input) || a.line - b.line || a.decision.localeCompare(b.decision));
  return { patches, ...(cover ? { cover } : {}), notes };
}

function label(p: Patch): string {
  return `${positionLabel(p.position)} ${p.title}`;
}

/** Same diff twice (e.g. a reply quoting the posted patch): keep the posted copy, else the first. */
function dropDuplicates(offers: MailOffer[], notes: IntakeNote[]): Taken[] {
  const all: Taken[] = offers.flatMap((o) => o.patches).map((patch, order) => ({ patch, order }));
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

/** Versions of the same patch (same title): keep the highest version; among equals prefer posted copies. */
function keepNewest(taken: Taken[], notes: IntakeNote[]): Taken[] {
  const groups = new Map<string, Taken[]>();
  for (const t of taken) {
    const key = t.patch.title.toLowerCase();
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const kept: Taken[] = [];
  for (const group of groups.values()) {
    const top = Math.max(...group.map((t) => t.patch.position.version));
    const newest = group.filter((t) => t.patch.position.version === top);
    const posted = newest.filter((t) => !t.patch.quoted);
    const chosen = posted.length > 0 ? posted : newest;
    for (const t of group) {
      if (chosen.includes(t)) {
        kept.push(t);
        notes.push(note(t.patch, 'patch', takenReason(t.patch, group.length)));
      } else if (t.patch.position.version < top) {
        notes.push(note(t.patch, 'older-version', `v${t.patch.position.version} superseded by v${top} of "${t.patch.title}"`));
      } else {
        notes.push(note(t.patch, 'duplicate', `quoted copy of "${t.patch.title}" differs from the posted v${top}; the posted one is kept`));
      }
    }
  }
  return kept;
}

function takenReason(p: Patch, versions: number): string {
  const parts = [`${label(p)}: ${p.files.length} file(s), ${p.files.reduce((n, f) => n + f.hunks.length, 0)} hunk(s)`];
  if (p.quoted) parts.push('quoted in a reply');
  if (p.repaired) parts.push('whitespace damage repaired from the hunk counts');
  if (versions > 1) parts.push('newest version in the input');
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

function noDiffNote(o: MailOffer): IntakeNote {
  const why = o.quoteDepth > 0 ? `reply without a diff (quoted text to depth ${o.quoteDepth})` : 'no diff or hunk header';
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
