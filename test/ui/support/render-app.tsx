/** Renders the live view with ink-testing-library at a fixed size, and presses keys. */
import { render } from 'ink-testing-library';
import { LiveApp } from '../../../src/ui/live-app.js';
import type { LiveModel } from '../../../src/ui/model/live-model.js';
import type { Command } from '../../../src/ui/model/ui-state.js';
import { plainTheme } from '../../../src/ui/theme.js';

export const keys = { up: '\u001B[A', down: '\u001B[B', enter: '\r', pageDown: '\u001B[6~', pageUp: '\u001B[5~', esc: '\u001B', backspace: '\u007F', ctrlC: '\u0003' } as const;

export function renderApp(model: LiveModel, o: { width?: number; height?: number; canControl?: boolean; retries?: number } = {}) {
  const commands: Command[] = [];
  const app = render(
    <LiveApp model={model} retries={o.retries ?? 0} canControl={o.canControl ?? true} onCommand={(c) => commands.push(c)} now={() => 65_000} intervalMs={0} tickMs={0} size={{ width: o.width ?? 80, height: o.height ?? 24 }} theme={plainTheme} />,
  );
  const frame = (): string => app.lastFrame() ?? '';
  const press = async (...sequence: string[]): Promise<void> => {
    for (const s of sequence) {
      app.stdin.write(s);
      // Ink parses input on the next turns of the event loop (a lone ESC waits a little to tell it from a sequence).
      await new Promise((r) => setTimeout(r, s === keys.esc ? 60 : 15));
    }
    await new Promise((r) => setTimeout(r, 5));
  };
  return { app, frame, press, commands };
}
