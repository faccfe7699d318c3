/** q ends the app: rendered with Ink's own render on fake streams, waitUntilExit must resolve. */
import { EventEmitter } from 'node:events';
import { render } from 'ink';
import { describe, expect, it } from 'vitest';
import { ReviewApp } from '../../src/tui/index.js';
import { seriesOutcome } from './fixtures.js';

class FakeStdout extends EventEmitter {
  columns = 100;
  frames: string[] = [];
  write = (s: string) => {
    this.frames.push(s);
    return true;
  };
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  private queue: string[] = [];
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => this.queue.shift() ?? null;
  type(s: string) {
    this.queue.push(s);
    this.emit('readable');
  }
}

describe('ReviewApp quit', () => {
  it('exits on q', async () => {
    const stdout = new FakeStdout();
    const stdin = new FakeStdin();
    const app = render(<ReviewApp outcome={seriesOutcome} />, {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      debug: true,
      patchConsole: false,
      exitOnCtrlC: false,
    });
    let exited = false;
    const done = app.waitUntilExit().then(() => (exited = true));
    await new Promise((r) => setTimeout(r, 20));
    stdin.type('j');
    await new Promise((r) => setTimeout(r, 20));
    expect(exited).toBe(false);
    expect(stdout.frames.at(-1)).toContain('[2/3]');
    stdin.type('q');
    await Promise.race([done, new Promise((r) => setTimeout(r, 1000))]);
    expect(exited).toBe(true);
  });
});
