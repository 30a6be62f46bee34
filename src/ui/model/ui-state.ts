/**
 * Pure: what the keys do. The view's own state (mode, selection, sort, filter) and the commands a
 * key asks of the session (pause, stop, quit). The selection follows a configuration id, so it
 * stays on the same row when the ranking or the sort moves it.
 */
import { nextSort, type SortKey } from './sort-filter.js';

export type Mode = 'board' | 'detail' | 'filter' | 'confirm-stop' | 'confirm-quit';
export type Command = 'pause' | 'stop' | 'quit' | 'interrupt';

export interface UiState {
  mode: Mode;
  /** The selected configuration; undefined = the first visible row. */
  selectedId: string | undefined;
  sort: SortKey;
  filter: string;
  /** The filter being typed. */
  draft: string;
  /** One line of feedback (e.g. why a key did nothing). */
  notice: string | undefined;
}

/** The keys this view reads, in Ink's terms. */
export interface KeyPress {
  input: string;
  upArrow?: boolean;
  downArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  return?: boolean;
  escape?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
}

export interface KeyContext {
  /** Ids of the visible rows, in display order. */
  rowIds: readonly string[];
  /** Rows shown per page (PgUp/PgDn). */
  page: number;
  /** This process runs the sweep: it can pause and stop it. */
  canControl: boolean;
}

export interface KeyResult {
  state: UiState;
  command?: Command;
}

export const initialUiState: UiState = { mode: 'board', selectedId: undefined, sort: 'pareto', filter: '', draft: '', notice: undefined };

export function selectedIndex(state: UiState, rowIds: readonly string[]): number {
  const i = state.selectedId === undefined ? -1 : rowIds.indexOf(state.selectedId);
  return i < 0 ? 0 : i;
}

function move(state: UiState, ctx: KeyContext, by: number): UiState {
  if (ctx.rowIds.length === 0) return state;
  const i = Math.min(ctx.rowIds.length - 1, Math.max(0, selectedIndex(state, ctx.rowIds) + by));
  return { ...state, selectedId: ctx.rowIds[i] };
}

const onlyHere = 'runs in another process: pause or stop it there';

export function reduceKey(prev: UiState, key: KeyPress, ctx: KeyContext): KeyResult {
  const state: UiState = { ...prev, notice: undefined };
  // Ctrl-C is never swallowed: a local run stops at once (as SIGINT would), a watch ends.
  if (key.ctrl && key.input === 'c') return { state, command: ctx.canControl ? 'interrupt' : 'quit' };

  switch (state.mode) {
    case 'filter':
      if (key.escape) return { state: { ...state, mode: 'board', draft: '' } };
      if (key.return) return { state: { ...state, mode: 'board', filter: state.draft.trim(), selectedId: undefined } };
      if (key.backspace || key.delete) return { state: { ...state, draft: state.draft.slice(0, -1) } };
      if (key.input && !key.ctrl) return { state: { ...state, draft: state.draft + key.input } };
      return { state };
    case 'confirm-stop':
    case 'confirm-quit':
      if (key.input === 'y' || key.input === 'Y') return { state: { ...state, mode: 'board' }, command: 'stop' };
      return { state: { ...state, mode: 'board', notice: 'cancelled' } };
    case 'detail':
    case 'board':
      break;
  }

  if (key.upArrow || key.input === 'k') return { state: move(state, ctx, -1) };
  if (key.downArrow || key.input === 'j') return { state: move(state, ctx, 1) };
  if (key.pageUp) return { state: move(state, ctx, -ctx.page) };
  if (key.pageDown) return { state: move(state, ctx, ctx.page) };
  if (key.return && state.mode === 'board') {
    if (ctx.rowIds.length === 0) return { state: { ...state, notice: 'no configuration to show' } };
    return { state: { ...state, mode: 'detail', selectedId: ctx.rowIds[selectedIndex(state, ctx.rowIds)] } };
  }
  if (key.escape) {
    if (state.mode === 'detail') return { state: { ...state, mode: 'board' } };
    if (state.filter !== '') return { state: { ...state, filter: '', draft: '' } };
    return { state };
  }
  switch (key.input) {
    case 's':
      return { state: { ...state, sort: nextSort(state.sort) } };
    case '/':
      return { state: { ...state, mode: 'filter', draft: state.filter } };
    case 'p':
      return ctx.canControl ? { state, command: 'pause' } : { state: { ...state, notice: `pause: the sweep ${onlyHere}` } };
    case 'x':
      return ctx.canControl ? { state: { ...state, mode: 'confirm-stop' } } : { state: { ...state, notice: `stop: the sweep ${onlyHere}` } };
    case 'q':
      return ctx.canControl ? { state: { ...state, mode: 'confirm-quit' } } : { state, command: 'quit' };
    default:
      return { state };
  }
}
