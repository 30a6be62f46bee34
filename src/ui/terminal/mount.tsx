/**
 * The terminal adapter of the live view: mounts LiveApp on a TTY with Ink and guarantees the
 * terminal comes back (raw mode off, cursor shown) on close, on exit, on a crash and on signals.
 * The only place in src/ui that touches process streams.
 */
import { render, type Instance } from 'ink';
import { LiveApp } from '../live-app.js';
import type { LiveModel } from '../model/live-model.js';
import type { Command } from '../model/ui-state.js';
import { themeFor } from '../theme.js';

export interface MountOptions {
  model: LiveModel;
  retries: number;
  canControl: boolean;
  onCommand: (command: Command) => void;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  env?: Readonly<Record<string, string | undefined>>;
}

export interface MountedView {
  /** Unmounts (idempotent) and restores the terminal. */
  close(): void;
  /** Settles when the view is unmounted. */
  closed: Promise<void>;
}

export function mountLiveView(o: MountOptions): MountedView {
  const stdout = o.stdout ?? process.stdout;
  const stdin = o.stdin ?? process.stdin;
  let open = true;
  const restore = (): void => {
    if (stdin.isTTY && typeof stdin.setRawMode === 'function') stdin.setRawMode(false);
    stdout.write('\u001B[?25h'); // cursor back, whatever happened
  };
  const close = (): void => {
    if (!open) return;
    open = false;
    process.off('exit', restore);
    instance.unmount();
    instance.cleanup();
    restore();
    stdin.pause();
  };
  // Ink unmounts itself on exit signals; this covers paths it cannot see (process.exit in a handler).
  process.on('exit', restore);
  const instance: Instance = render(<LiveApp model={o.model} retries={o.retries} canControl={o.canControl} onCommand={o.onCommand} theme={themeFor(o.env ?? process.env)} />, {
    stdout,
    stdin,
    exitOnCtrlC: false,
    patchConsole: true,
    maxFps: 10,
  });
  const closed = instance.waitUntilExit().then(
    () => undefined,
    () => undefined,
  );
  return { close, closed };
}
