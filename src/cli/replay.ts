/** `mmreview replay <string>`. (Filled in by the explorer work.) */
export async function replayCommand(_replay: string): Promise<number> {
  process.stderr.write('mmreview replay: not implemented yet\n');
  return 2;
}
