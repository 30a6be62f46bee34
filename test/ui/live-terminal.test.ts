/**
 * The real CLI in a real terminal (tmux): `zapsweep run` of a tiny sweep with real training shows
 * the live leaderboard; sorting and the detail view work; `watch` follows it from a second
 * terminal and quits without stopping it; `q` then `y` stops the run cleanly and the terminal is
 * usable again (canonical mode and echo back). The sweep is paused early so it cannot finish
 * before the keys are tried. A Kubernetes run (API double + real NATS, pods as real workers)
 * shows the same live view to its end.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cliEntry, onlySweepId } from '../support/cli.js';
import { tempDir } from '../support/builders.js';
import { writeTinySpec } from '../e2e/tiny-spec.js';
import { TmuxTerminal, assertTmux } from './support/tmux.js';
import { startCliCluster, writeTinyKubernetesSpec } from '../kubernetes/support/cli-cluster.js';

beforeAll(() => {
  assertBuilt();
  assertTmux();
});

const terminals: TmuxTerminal[] = [];
afterEach(() => {
  for (const t of terminals.splice(0)) t.close();
});

function terminal(cwd: string, width = 80, height = 24): TmuxTerminal {
  // A researcher's terminal, not a CI job: under CI the CLI prints plain lines, not the live view.
  const t = new TmuxTerminal(cwd, width, height, { NO_COLOR: '1', PS1: '$ ' }, ['CI', 'CONTINUOUS_INTEGRATION']);
  terminals.push(t);
  return t;
}

/** The `seeds` cells of the board rows with a rank (a finished configuration). */
const rankedRows = (s: string): string[] => s.split('\n').filter((l) => /^[▸ ] +\d+[* ] /.test(l));

describe('live view in a real terminal', () => {
  it('shows the leaderboard of a real run; sort, detail, watch and quit work', async () => {
    const dir = tempDir();
    // 16 short trials, 2 at a time: on a fast machine 4 would end before the first key is sent.
    const spec = writeTinySpec(dir);
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('seeds: 2', 'seeds: 8').replace('maxTrials: 10', 'maxTrials: 20'));
    const store = join(dir, 'store');
    const run = terminal(dir);
    run.line(`node ${cliEntry} --store ${store} run tiny.yaml; echo "EXIT=$?"`);

    // 1. The leaderboard appears; pause at once.
    // Pause as soon as the board shows: at most the first two of 16 trials have launched, so the
    // sweep cannot end before the keys are tried, however fast the machine is.
    let screen = await run.until('the leaderboard', (s) => s.includes('zapEvery') && s.includes('q quit'));
    expect(screen).toContain('zapsweep tiny');
    run.keys('p');
    screen = await run.until('paused', (s) => s.includes('p resume'));
    expect(screen).toMatch(/· paused/);

    // 2. A configuration gets a result.
    screen = await run.until('a ranked configuration', (s) => rankedRows(s).length > 0);
    expect(screen).toMatch(/▸ +1\*/);

    // 3. Sorting cycles.
    run.keys('s');
    await run.until('sort by retained', (s) => s.includes('sort:retained'));
    run.keys('s');
    await run.until('sort by gain', (s) => s.includes('sort:gain'));

    // 4. The detail view, and back.
    run.keys('Enter');
    screen = await run.until('the detail view', (s) => s.includes('esc back'));
    expect(screen).toMatch(/config #\d/);
    expect(screen).toContain('pretrain.loss');
    expect(screen).toContain('seeds');
    run.keys('Escape');
    await run.until('the board again', (s) => s.includes('enter detail'));

    // 5. watch from another terminal: same sweep; q leaves it running.
    const id = onlySweepId(store);
    const watch = terminal(dir, 100, 30);
    watch.line(`node ${cliEntry} --store ${store} watch ${id}; echo "EXIT=$?"`);
    screen = await watch.until('the watched leaderboard', (s) => s.includes(id) && rankedRows(s).length > 0);
    expect(screen).not.toContain('p pause');
    watch.keys('q');
    screen = await watch.until('watch to exit', (s) => /^EXIT=\d+/m.test(s));
    expect(screen).toMatch(/^EXIT=0$/m);
    expect(run.screen()).toContain('q quit'); // the run goes on

    // 6. q asks, y stops the run cleanly (interrupted: exit 130) and prints the ranking.
    run.keys('q');
    await run.until('the quit question', (s) => s.includes('quit: stops this sweep'));
    run.keys('y');
    screen = await run.until('the run to exit', (s) => /^EXIT=\d+/m.test(s));
    expect(screen).toMatch(/^EXIT=130$/m);
    expect(screen).toContain('rank');
    expect(screen).toMatch(/· interrupted/); // the last frame says how the sweep ended

    // 7. The terminal is usable again: canonical mode and echo are back.
    run.line(`stty -a > stty.txt; echo "STTY""-DONE"`);
    await run.until('stty', (s) => /^STTY-DONE/m.test(s));
    const modes = readFileSync(join(dir, 'stty.txt'), 'utf8').split(/[\s;]+/);
    expect(modes).toContain('icanon');
    expect(modes).toContain('echo');
    expect(modes).not.toContain('-icanon');
    expect(modes).not.toContain('-echo');
  }, 1_200_000);

  it('shows the same live view for a Kubernetes run, to its end', async () => {
    const dir = tempDir();
    const cluster = await startCliCluster(dir);
    try {
      const spec = writeTinyKubernetesSpec(dir);
      const store = join(dir, 'store');
      const run = terminal(dir, 100, 30);
      run.line(`node ${cliEntry} --store ${store} --nats ${cluster.nats.url} run ${spec} --kubeconfig ${cluster.kubeconfig}; echo "EXIT=$?"`);
      let screen = await run.until('the leaderboard', (s) => s.includes('zapEvery') && s.includes('q quit'));
      expect(screen).toContain('zapsweep tiny');
      expect(screen).toContain('kubernetes');
      screen = await run.until('the run to exit', (s) => /^EXIT=\d+/m.test(s));
      expect(screen).toMatch(/^EXIT=0$/m);
      expect(screen).toContain('rank');
      expect(screen).toMatch(/· completed/);
      expect(cluster.sim.podsStarted).toHaveLength(4);
    } finally {
      await cluster.stop();
    }
  }, 1_200_000);
});
