/**
 * Commits and ranges in a git work tree (`HEAD~3..HEAD`, `<sha>`): `git format-patch --stdout`
 * through simple-git (arguments as an array, never a shell string), then read as an mbox.
 */
// simple-git is imported only when an input is a revision: most checks read files and should not pay for it.
import type { SimpleGit } from 'simple-git';

/** Revision syntax we pass on: no leading dash (never an option), no whitespace or shell metacharacters. */
const REVISION = /^[A-Za-z0-9_./~^@{}:+-]+$/;

export function looksLikeRevision(input: string): boolean {
  return REVISION.test(input) && !input.startsWith('-') && !input.includes('..-');
}

async function workTree(cwd: string): Promise<SimpleGit | undefined> {
  try {
    const { simpleGit } = await import('simple-git');
    const git = simpleGit({ baseDir: cwd });
    return (await git.checkIsRepo()) ? git : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The mbox text of a commit or range, or undefined when `input` is not a revision of the
 * repository at `cwd` (or `cwd` is not a git work tree).
 */
export async function formatPatchOf(input: string, cwd: string): Promise<string | undefined> {
  if (!looksLikeRevision(input)) return undefined;
  const git = await workTree(cwd);
  if (!git) return undefined;
  const isRange = input.includes('..');
  try {
    if (isRange) {
      const [from, to] = input.split(/\.\.\.?/);
      for (const end of [from, to].filter((e) => e !== '')) await verifyCommit(git, end);
      return await git.raw(['format-patch', '--stdout', '--no-color', '--no-signature', input, '--']);
    }
    await verifyCommit(git, input);
    return await git.raw(['format-patch', '--stdout', '--no-color', '--no-signature', '-1', input, '--']);
  } catch {
    return undefined;
  }
}

async function verifyCommit(git: SimpleGit, rev: string): Promise<void> {
  const out = await git.raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
  if (!/^[0-9a-f]{40}\s*$/.test(out)) throw new Error(`not a commit: ${rev}`);
}
