/**
 * Loads the terminal UI on demand. React's development build keeps bookkeeping per render (heap
 * grew about 150 KB per frame here, i.e. gigabytes over a long sweep at 10 frames/s); the
 * production build stays flat. React picks its build when first loaded, so NODE_ENV is settled
 * before the first import of Ink or React, and commands without the live view never load them.
 */
import isInCi from 'is-in-ci';
import type * as MountModule from './mount.js';
import type * as RunModule from './run-view.js';

/**
 * True when the live view can run: both ends are terminals and this is not a CI job. Under CI
 * (CI or CONTINUOUS_INTEGRATION set, the rule Ink itself uses) Ink draws only the last frame, so a
 * live view would show nothing until the sweep ended; the plain progress lines are used instead.
 */
export function canShowLiveView(
  stdout: { isTTY?: boolean },
  stdin: { isTTY?: boolean } = process.stdin,
  inCi: boolean = isInCi,
): boolean {
  return stdout.isTTY === true && stdin.isTTY === true && !inCi;
}

type Mount = typeof MountModule;
type Run = typeof RunModule;

export async function loadTerminalUi(): Promise<{ mount: Mount; run: Run }> {
  process.env['NODE_ENV'] ??= 'production';
  const [mount, run] = await Promise.all([import('./mount.js'), import('./run-view.js')]);
  return { mount, run };
}
