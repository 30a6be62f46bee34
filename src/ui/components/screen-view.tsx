/** The screen: its lines, top to bottom. */
import { Box } from 'ink';
import type { Line } from '../lines/line.js';
import { LineView } from './line-view.js';

export function ScreenView({ lines }: { lines: readonly Line[] }) {
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <LineView key={i} line={line} />
      ))}
    </Box>
  );
}
