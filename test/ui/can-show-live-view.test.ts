/** When the CLI shows the Ink live view and when it falls back to plain progress lines. */
import { describe, expect, it } from 'vitest';
import { canShowLiveView } from '../../src/ui/terminal/load.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe('canShowLiveView', () => {
  it.each([
    { name: 'a terminal on both ends', stdout: tty, stdin: tty, inCi: false, expected: true },
    { name: 'stdout piped', stdout: pipe, stdin: tty, inCi: false, expected: false },
    { name: 'stdin piped', stdout: tty, stdin: pipe, inCi: false, expected: false },
    { name: 'stdout of unknown kind', stdout: {}, stdin: tty, inCi: false, expected: false },
    // Under CI Ink draws only the last frame: the live view would stay blank for the whole sweep.
    { name: 'a terminal, but in a CI job', stdout: tty, stdin: tty, inCi: true, expected: false },
  ])('$name -> $expected', ({ stdout, stdin, inCi, expected }) => {
    expect(canShowLiveView(stdout, stdin, inCi)).toBe(expected);
  });
});
