/** One line of styled segments. */
import { Text } from 'ink';
import { useContext } from 'react';
import type { Line } from '../lines/line.js';
import { ThemeContext } from '../theme.js';

export function LineView({ line }: { line: Line }) {
  const theme = useContext(ThemeContext);
  return (
    <Text wrap="truncate">
      {line.length === 0 ? ' ' : line.map((s, i) => {
        const style = s.tone ? theme[s.tone] : undefined;
        return (
          <Text key={i} {...(style?.color ? { color: style.color } : {})} bold={style?.bold ?? false} dimColor={style?.dim ?? false} inverse={s.inverse ?? false}>
            {s.text}
          </Text>
        );
      })}
    </Text>
  );
}
