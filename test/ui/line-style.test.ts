/** A line's segments become one styled string (one <Text> per line in the live view). */
import chalk from 'chalk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { styleLine } from '../../src/ui/components/line-view.js';
import { seg, type Line } from '../../src/ui/lines/line.js';
import { colourTheme, plainTheme } from '../../src/ui/theme.js';

describe('styleLine', () => {
  let level: typeof chalk.level;
  beforeEach(() => {
    level = chalk.level;
    chalk.level = 1; // 16 colours, whatever the test runner's stdout is
  });
  afterEach(() => {
    chalk.level = level;
  });

  const cases: { name: string; line: Line; theme: typeof colourTheme; expected: string }[] = [
    { name: 'empty line keeps its row', line: [], theme: colourTheme, expected: ' ' },
    { name: 'unstyled text as is', line: [seg('rank  ')], theme: colourTheme, expected: 'rank  ' },
    { name: 'a colour', line: [seg('ok', 'good')], theme: colourTheme, expected: '\u001b[32mok\u001b[39m' },
    { name: 'bold title', line: [seg('zapsweep', 'title')], theme: colourTheme, expected: '\u001b[1mzapsweep\u001b[22m' },
    { name: 'inverse (selected row)', line: [{ text: '> 1', inverse: true }], theme: colourTheme, expected: '\u001b[7m> 1\u001b[27m' },
    { name: 'segments joined in order', line: [seg('a'), seg('b', 'bad'), seg('c')], theme: colourTheme, expected: 'a\u001b[31mb\u001b[39mc' },
    { name: 'NO_COLOR theme: no colour, weight kept', line: [seg('x', 'bad'), seg('y', 'dim')], theme: plainTheme, expected: 'x\u001b[2my\u001b[22m' },
  ];
  it.each(cases)('$name', ({ line, theme, expected }) => {
    expect(styleLine(line, theme)).toBe(expected);
  });
});
