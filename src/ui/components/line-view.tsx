/**
 * One line as ONE <Text> holding a pre-styled (ANSI) string. Ink lays out and measures every node
 * of a frame; a nested <Text> per styled segment made about 200 nodes a frame and a p95 re-render
 * of 23.5 ms (BENCHMARKS.md "Live view"). Lines are memoised on their styled text, so React skips
 * the ones that did not change.
 */
import chalk, { type ChalkInstance } from 'chalk';
import { Text } from 'ink';
import { memo } from 'react';
import type { Line } from '../lines/line.js';
import type { Theme } from '../theme.js';

/** The line's segments with the theme's colours and weights applied, as one string. */
export function styleLine(line: Line, theme: Theme): string {
  if (line.length === 0) return ' ';
  let out = '';
  for (const s of line) {
    const style = s.tone ? theme[s.tone] : undefined;
    let c: ChalkInstance | undefined;
    if (style?.color) c = chalk[style.color];
    if (style?.bold === true) c = (c ?? chalk).bold;
    if (style?.dim === true) c = (c ?? chalk).dim;
    if (s.inverse === true) c = (c ?? chalk).inverse;
    out += c ? c(s.text) : s.text;
  }
  return out;
}

export const LineView = memo(function LineView({ text }: { text: string }) {
  return <Text wrap="truncate">{text}</Text>;
});
