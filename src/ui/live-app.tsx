/**
 * The live view: a leaderboard of configurations, the selected one's detail, running trials and
 * failures. No I/O: it reads a LiveModel and reports key commands through `onCommand`.
 */
import { useInput } from 'ink';
import { useMemo, useRef, useState } from 'react';
import { ScreenView } from './components/screen-view.js';
import { useLiveSnapshot } from './hooks/use-live-snapshot.js';
import { useTerminalSize, type Size } from './hooks/use-terminal-size.js';
import { composeScreen } from './lines/screen.js';
import { buildBoard } from './model/board-rows.js';
import type { LiveModel } from './model/live-model.js';
import { initialUiState, reduceKey, type Command, type UiState } from './model/ui-state.js';
import { ThemeContext, colourTheme, type Theme } from './theme.js';

export interface LiveAppProps {
  model: LiveModel;
  retries: number;
  /** This process runs the sweep (pause and stop work); false for `watch`. */
  canControl: boolean;
  onCommand: (command: Command) => void;
  now?: () => number;
  /** Minimum time between renders caused by events (0: render at every event). */
  intervalMs?: number;
  /** Clock refresh while idle (0: never). */
  tickMs?: number;
  size?: Partial<Size>;
  theme?: Theme;
}

export function LiveApp(p: LiveAppProps) {
  const now = p.now ?? Date.now;
  const snapshot = useLiveSnapshot(p.model, now, p.intervalMs ?? 100, p.tickMs ?? 1000);
  const size = useTerminalSize(p.size);
  const [ui, setUi] = useState<UiState>(initialUiState);
  const board = useMemo(() => buildBoard(snapshot.results, snapshot.trials), [snapshot.results, snapshot.trials]);
  const screen = useMemo(
    () => composeScreen({ snapshot, board, fold: p.model.fold, retries: p.retries, ui, width: size.width, height: size.height, canControl: p.canControl }),
    [snapshot, board, p.model.fold, p.retries, ui, size.width, size.height, p.canControl],
  );
  // Keys read the latest state even between renders (several keys in one chunk).
  const latest = useRef({ ui, screen });
  latest.current = { ui, screen };
  useInput((input, key) => {
    const r = reduceKey(latest.current.ui, { input, ...key }, { rowIds: latest.current.screen.rowIds, page: latest.current.screen.page, canControl: p.canControl });
    latest.current = { ...latest.current, ui: r.state };
    setUi(r.state);
    if (r.command) p.onCommand(r.command);
  });
  return (
    <ThemeContext.Provider value={p.theme ?? colourTheme}>
      <ScreenView lines={screen.lines} />
    </ThemeContext.Provider>
  );
}
