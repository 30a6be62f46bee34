/** The terminal's size (columns, rows), following resizes; fixed when given (tests). */
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface Size {
  width: number;
  height: number;
}

export function useTerminalSize(fixed?: Partial<Size>): Size {
  const { stdout } = useStdout();
  const read = (): Size => ({ width: fixed?.width ?? (stdout.columns || 80), height: fixed?.height ?? (stdout.rows || 24) });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = (): void => setSize(read());
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout, fixed?.width, fixed?.height]);
  return size;
}
