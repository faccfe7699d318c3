/** `mmreview check`: intake → engine → reporter. (Filled in by the engine/report work.) */
export async function checkCommand(_inputs: string[], _opts: Record<string, unknown>): Promise<number> {
  process.stderr.write('mmreview check: not implemented yet\n');
  return 2;
}
