/**
 * Pure: the whole screen for a snapshot, the view's state and a terminal size. Everything the
 * components print comes from here: events in (through the snapshot), lines out.
 * The screen uses at most `height - 1` lines so that the terminal never scrolls.
 */
import type { Board, BoardRow } from '../model/board-rows.js';
import { buildDetail } from '../model/detail.js';
import type { SweepFold } from '../../ledger/fold.js';
import type { LiveSnapshot } from '../model/snapshot.js';
import { filterRows, sortRows } from '../model/sort-filter.js';
import { selectedIndex, type UiState } from '../model/ui-state.js';
import { failureLines, runningLines } from './activity-lines.js';
import { boardLines } from './board-lines.js';
import { detailLines } from './detail-lines.js';
import { headerLines } from './header-lines.js';
import { helpLine } from './help-line.js';
import { clip, seg, type Line } from './line.js';

export interface ScreenInput {
  snapshot: LiveSnapshot;
  board: Board;
  fold: SweepFold;
  retries: number;
  ui: UiState;
  width: number;
  height: number;
  canControl: boolean;
}

export interface Screen {
  lines: Line[];
  /** Visible configuration ids in display order (what ↑/↓ move through). */
  rowIds: string[];
  /** Rows per page. */
  page: number;
}

interface BoardCache {
  key: string;
  rows: BoardRow[];
  rowIds: string[];
  byId: Map<string, BoardRow>;
}

/** Sorting and filtering 1,000 rows costs more than a frame's budget: done once per board, sort and filter. */
const cache = new WeakMap<Board, BoardCache>();

function visibleRows(board: Board, ui: UiState): BoardCache {
  const key = `${ui.sort}\u0000${ui.filter}`;
  const hit = cache.get(board);
  if (hit?.key === key) return hit;
  const rows = filterRows(board, sortRows(board, ui.sort), ui.filter);
  const entry = { key, rows, rowIds: rows.map((r) => r.configId), byId: hit?.byId ?? new Map(board.rows.map((r) => [r.configId, r])) };
  cache.set(board, entry);
  return entry;
}

export function composeScreen(i: ScreenInput): Screen {
  const { snapshot: s, board, ui, width } = i;
  const height = Math.max(8, i.height - 1);
  const { rows, rowIds, byId } = visibleRows(board, ui);
  const label = (id: string): string => {
    const r = byId.get(id);
    return r ? board.paths.map((p, k) => `${board.names[k] ?? p}=${r.values[p] ?? '-'}`).join(' ') : id;
  };
  const header = headerLines(s, width);
  const help = clip(helpLine(ui, i.canControl, s.paused), width);
  const note = s.notes.length > 0 ? [clip([seg(s.notes[s.notes.length - 1] ?? '', 'dim')], width)] : [];
  const selected = selectedIndex(ui, rowIds);

  if (ui.mode === 'detail') {
    const id = rowIds[selected] ?? ui.selectedId;
    const d = id === undefined ? undefined : buildDetail(id, s.results, s.trials, i.fold, i.retries);
    const body = d ? detailLines(d, width, height - header.length - 1) : [[seg('no configuration selected', 'dim')]];
    return { lines: [...header, ...body, help], rowIds, page: 1 };
  }

  // Board mode: header, note, leaderboard, running, failures, help.
  const room = height - header.length - note.length - 1;
  const runMax = Math.min(s.running.length === 0 ? 0 : s.running.length + 1, Math.max(2, Math.floor(room / 4)));
  const failMax = Math.min(s.failureCount === 0 ? 0 : s.failures.length + 1, Math.max(2, Math.floor(room / 6)));
  const boardRoom = Math.max(3, room - runMax - failMax);
  const running = runningLines(s.running, label, width, Math.min(runMax, room - boardRoom));
  const failures = failureLines(s.failures, s.failureCount, label, width, Math.min(failMax, room - boardRoom - running.length));
  const filterNote: Line[] = ui.filter !== '' ? [[seg(`filter "${ui.filter}": ${rows.length} of ${board.rows.length} configurations`, 'warn')]] : [];
  const boardHeight = room - running.length - failures.length - filterNote.length;
  const empty: Line[] = rows.length === 0 ? [[seg(board.rows.length === 0 ? 'no configurations' : 'no configuration matches the filter', 'dim')]] : [];
  const win = boardLines(board, rows, selected, boardHeight - empty.length, width);
  const lines = [...header, ...note, ...filterNote, ...win.lines.map((l) => clip(l, width)), ...empty, ...running, ...failures, help];
  return { lines, rowIds, page: Math.max(1, boardHeight - 2) };
}
