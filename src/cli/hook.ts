/** `mmreview hook ...`. (Filled in by the integrations work.) */
export async function hookCommand(_sub: string, _args: string[], _opts: Record<string, unknown>): Promise<number> {
  process.stderr.write('mmreview hook: not implemented yet\n');
  return 2;
}
