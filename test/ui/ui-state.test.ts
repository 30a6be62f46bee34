import { describe, expect, it } from 'vitest';
import { initialUiState, reduceKey, type KeyContext, type KeyPress, type UiState } from '../../src/ui/model/ui-state.js';

const ctx = (over: Partial<KeyContext> = {}): KeyContext => ({ rowIds: ['a', 'b', 'c'], page: 2, canControl: true, ...over });
const at = (over: Partial<UiState>): UiState => ({ ...initialUiState, ...over });
const k = (input: string, flags: Omit<KeyPress, 'input'> = {}): KeyPress => ({ input, ...flags });

describe('keys', () => {
  it.each<[string, UiState, KeyPress, Partial<KeyContext>, Partial<UiState>, string | undefined]>([
    ['↓ selects the next row', at({}), k('', { downArrow: true }), {}, { selectedId: 'b' }, undefined],
    ['↓ stops at the last row', at({ selectedId: 'c' }), k('', { downArrow: true }), {}, { selectedId: 'c' }, undefined],
    ['↑ stops at the first row', at({ selectedId: 'a' }), k('', { upArrow: true }), {}, { selectedId: 'a' }, undefined],
    ['j and k move too', at({ selectedId: 'b' }), k('k'), {}, { selectedId: 'a' }, undefined],
    ['PgDn moves a page', at({}), k('', { pageDown: true }), {}, { selectedId: 'c' }, undefined],
    ['a vanished selection restarts at the top', at({ selectedId: 'gone' }), k('', { downArrow: true }), {}, { selectedId: 'b' }, undefined],
    ['↓ on no rows does nothing', at({}), k('', { downArrow: true }), { rowIds: [] }, { selectedId: undefined }, undefined],
    ['enter opens the detail', at({ selectedId: 'b' }), k('', { return: true }), {}, { mode: 'detail', selectedId: 'b' }, undefined],
    ['enter on no rows explains', at({}), k('', { return: true }), { rowIds: [] }, { mode: 'board', notice: 'no configuration to show' }, undefined],
    ['↓ in the detail moves to the next config', at({ mode: 'detail', selectedId: 'a' }), k('', { downArrow: true }), {}, { mode: 'detail', selectedId: 'b' }, undefined],
    ['esc leaves the detail', at({ mode: 'detail' }), k('', { escape: true }), {}, { mode: 'board' }, undefined],
    ['esc clears a filter', at({ filter: 'adam' }), k('', { escape: true }), {}, { filter: '' }, undefined],
    ['s cycles the sort', at({ sort: 'gain' }), k('s'), {}, { sort: 'zapEvery' }, undefined],
    ['/ opens the filter with the current text', at({ filter: 'x' }), k('/'), {}, { mode: 'filter', draft: 'x' }, undefined],
    ['typing edits the filter', at({ mode: 'filter', draft: 'ad' }), k('a'), {}, { draft: 'ada' }, undefined],
    ['backspace deletes', at({ mode: 'filter', draft: 'ad' }), k('', { backspace: true }), {}, { draft: 'a' }, undefined],
    ['s while filtering is text', at({ mode: 'filter', draft: '' }), k('s'), {}, { draft: 's', sort: 'pareto' }, undefined],
    ['enter applies the filter', at({ mode: 'filter', draft: ' adam ', selectedId: 'c' }), k('', { return: true }), {}, { mode: 'board', filter: 'adam', selectedId: undefined }, undefined],
    ['esc cancels the filter', at({ mode: 'filter', draft: 'zz', filter: 'a' }), k('', { escape: true }), {}, { mode: 'board', filter: 'a' }, undefined],
    ['p pauses a local run', at({}), k('p'), {}, {}, 'pause'],
    ['p explains under watch', at({}), k('p'), { canControl: false }, { notice: 'pause: the sweep runs in another process: pause or stop it there' }, undefined],
    ['x asks first', at({}), k('x'), {}, { mode: 'confirm-stop' }, undefined],
    ['x explains under watch', at({}), k('x'), { canControl: false }, { mode: 'board' }, undefined],
    ['y confirms the stop', at({ mode: 'confirm-stop' }), k('y'), {}, { mode: 'board' }, 'stop'],
    ['anything else cancels', at({ mode: 'confirm-stop' }), k('n'), {}, { mode: 'board', notice: 'cancelled' }, undefined],
    ['q asks first in a local run', at({}), k('q'), {}, { mode: 'confirm-quit' }, undefined],
    ['y confirms quitting a run (a clean stop)', at({ mode: 'confirm-quit' }), k('y'), {}, { mode: 'board' }, 'stop'],
    ['q quits a watch at once', at({}), k('q'), { canControl: false }, {}, 'quit'],
    ['ctrl-c interrupts a local run', at({ mode: 'filter' }), k('c', { ctrl: true }), {}, {}, 'interrupt'],
    ['ctrl-c quits a watch', at({}), k('c', { ctrl: true }), { canControl: false }, {}, 'quit'],
    ['other keys do nothing', at({ notice: 'old' }), k('z'), {}, { notice: undefined }, undefined],
  ])('%s', (_name, state, key, c, want, command) => {
    const r = reduceKey(state, key, ctx(c));
    expect(r.state).toMatchObject(want);
    expect(r.command).toBe(command);
  });
});
