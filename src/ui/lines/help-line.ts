/** Pure: the bottom line: the keys for the current mode, or the prompt being answered. */
import type { UiState } from '../model/ui-state.js';
import { seg, type Line } from './line.js';

export function helpLine(state: UiState, canControl: boolean, paused: boolean): Line {
  switch (state.mode) {
    case 'filter':
      return [seg('filter (e.g. optimizer=adam zap=1): ', 'title'), seg(`${state.draft}▏`), seg('  enter apply · esc cancel', 'dim')];
    case 'confirm-stop':
      return [seg('stop the sweep? running trials are interrupted (resume later). y/n', 'warn')];
    case 'confirm-quit':
      return [seg('quit: stops this sweep (resume later with zapsweep resume). y/n', 'warn')];
    case 'detail':
    case 'board': {
      const keys = state.mode === 'detail' ? ['↑↓ config', 'esc back'] : ['↑↓ select', 'enter detail'];
      keys.push(`s sort:${state.sort}`, `/ filter${state.filter ? `:${state.filter}` : ''}`);
      if (canControl) keys.push(paused ? 'p resume' : 'p pause', 'x stop');
      keys.push('q quit');
      const line: Line = [seg(keys.join(' · '), 'dim')];
      if (state.notice) line.unshift(seg(`${state.notice}  `, 'warn'));
      return line;
    }
  }
}
