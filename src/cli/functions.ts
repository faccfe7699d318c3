/** `mmreview functions` / `check --functions`. (Filled in by the extract work.) */
export async function functionsCommand(_inputs: string[], _opts: Record<string, unknown>): Promise<number> {
  process.stderr.write('mmreview functions: not implemented yet\n');
  return 2;
}
