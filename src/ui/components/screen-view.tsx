/** The screen: its lines, top to bottom, styled with the theme in context. */
import { Box } from 'ink';
import { useContext } from 'react';
import type { Line } from '../lines/line.js';
import { ThemeContext } from '../theme.js';
import { LineView, styleLine } from './line-view.js';

export function ScreenView({ lines }: { lines: readonly Line[] }) {
  const theme = useContext(ThemeContext);
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <LineView key={i} text={styleLine(line, theme)} />
      ))}
    </Box>
  );
}
