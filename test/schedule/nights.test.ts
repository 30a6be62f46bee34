/**
 * Scheduled nights end to end on this machine (the workstation recipe: local executor, file
 * store), with real workers and real training on a tiny sweep of two configurations (mnist and a
 * generated Omniglot-layout folder read from $ZAPSWEEP_OMNIGLOT), three seeds:
 * 1. night 1: good data; the webhook receiver gets the generic payload;
 * 2. night 2: the Omniglot data arrive mislabelled (a real worse input, not a faked result): the
 *    drift report flags exactly that configuration, --fail-on-regression exits 4, a Slack payload
 *    arrives; meanwhile an overlapping night 3 is refused (concurrencyPolicy Forbid) and leaves no sweep;
 * 3. night 4 is stopped part-way (interrupted), night 5 is compared with night 2, the last
 *    successful one, and says it skipped night 4; its webhook fails every time and the night still
 *    exits 0;
 * 4. history, report (stored = recomputed) and ls read it all back.
 * Configuration ids are hashes of the whole experiment, so a regression cannot be planted by
 * editing the spec without changing the id; it is planted in the data an unchanged configuration reads.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertBuilt, runCli, startCli, waitFor, type CliResult } from '../support/cli.js';
import { tempDir } from '../support/builders.js';
import { mislabel, nightSpec, writeGoodData } from './support/nights-fixture.js';


let dir: string;
let store: string;
let spec: string;
let good: string;
let bad: string;
const received: Array<{ path: string; body: unknown }> = [];
let receiver: Server;
let url = '';

function night(date: string, data: string, extra: string[] = []): ReturnType<typeof startCli> {
  process.env['ZAPSWEEP_OMNIGLOT'] = data; // the workers inherit it
  return startCli(['--store', store, 'schedule', 'run', 'nightly', spec, '--date', date, '--cron', '0 2 * * *', '--time-zone', 'Europe/Berlin', ...extra]);
}

type Report = { current: { id: string }; baseline: { id: string } | null; skipped: Array<{ id: string; status: string }>; regressed: Array<{ configId: string; parameters: Record<string, unknown> }>; improved: Array<{ configId: string }>; summary: string[] };
const storedReport = (id: string): Report => JSON.parse(readFileSync(join(store, 'sweeps', id, 'drift-report.json'), 'utf8')) as Report;
const sweepStatus = (id: string): string | undefined => {
  try {
    return (JSON.parse(readFileSync(join(store, 'sweeps', id, 'sweep.json'), 'utf8')) as { status: string }).status;
  } catch {
    return undefined;
  }
};

beforeAll(async () => {
  assertBuilt();
  dir = tempDir();
  store = join(dir, 'store');
  spec = join(dir, 'nightly.yaml');
  writeFileSync(spec, nightSpec('nightly-tiny', '{ kind: local, parallelism: 2 }'));
  good = join(dir, 'omniglot-good');
  bad = join(dir, 'omniglot-bad');
  await writeGoodData(good);
  mislabel(good, bad);
  receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d)).on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(body) as unknown });
      res.statusCode = req.url === '/broken' ? 500 : 204;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const addr = receiver.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});

afterAll(async () => {
  await new Promise((r) => receiver.close(r));
});

describe('scheduled nights on a workstation (local executor, file store)', () => {
  let night2: CliResult;

  test('night 1: the first night is its own baseline; the webhook gets the generic payload', async () => {
    const r = await night('2026-11-30', good, ['--webhook', `${url}/hook`]).done;
    expect(r.stderr).toContain('night 2026-11-30 runs as sweep nightly-20261130');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('baseline: none (no earlier completed night)');
    expect(received.at(-1)).toMatchObject({ path: '/hook', body: { event: 'zapsweep.drift-report', sweepId: 'nightly-20261130', baseline: null } });
    expect(r.stderr).toMatch(/webhook http:\/\/127\.0\.0\.1:\d+\/…: delivered \(attempt 1\)/);
  });

  test('night 2: mislabelled Omniglot data; exactly that configuration regressed; exit 4; a Slack payload; an overlapping night is refused', async () => {
    const two = night('2026-12-01', bad, ['--fail-on-regression', '--webhook', `${url}/slack`, '--webhook-format', 'slack']);
    // Its first trial has started: the controller holds the sweep's lock by then.
    await waitFor('night 2 under way', () => sweepStatus('nightly-20261201') === 'running' && existsSync(join(store, 'sweeps', 'nightly-20261201', 'events.ndjson')) && readFileSync(join(store, 'sweeps', 'nightly-20261201', 'events.ndjson'), 'utf8').includes('"started"'), 120_000);
    // Held there (pooled workers finish this tiny night in seconds): the controller is stopped while
    // night 3 starts, so night 2 is certainly still running, then continues.
    two.child.kill('SIGSTOP');
    const three = await night('2026-12-01', good).done.finally(() => two.child.kill('SIGCONT'));
    expect(three.code).toBe(3);
    expect(three.stderr).toContain('schedule nightly: night nightly-20261201 is still running; this night is skipped (as concurrencyPolicy Forbid does)');
    night2 = await two.done;
    expect(night2.code).toBe(4);
    const report = storedReport('nightly-20261201');
    expect(report.baseline?.id).toBe('nightly-20261130');
    expect(report.regressed).toHaveLength(1);
    expect(Object.values(report.regressed[0]?.parameters ?? {})).toEqual(['omniglot']);
    expect(report.improved).toEqual([]);
    expect(night2.stdout).toContain(report.summary.join('\n'));
    expect(report.summary[0]).toMatch(/^regressed: 1 configuration: \w+ \(name=omniglot: retainedAccuracy -0\.\d+/);
    expect(night2.stderr).toContain('schedule nightly: 1 configuration(s) regressed (exit 4)');
    const slack = received.find((x) => x.path === '/slack')?.body as { text: string; blocks: unknown[] } | undefined;
    expect(slack?.text).toMatch(/^:red_circle: zapsweep nightly 2026-12-01: nightly-20261201 completed\nregressed: 1 configuration/);
    // The refused night left no sweep behind.
    expect(readdirSync(join(store, 'sweeps')).sort()).toEqual(['nightly-20261130', 'nightly-20261201']);
  });

  test('nights 4 and 5: an interrupted night is skipped; the next is compared with the last successful one; a failing webhook does not fail it', async () => {
    const four = night('2026-12-02', good);
    await waitFor('night 4 under way', () => sweepStatus('nightly-20261202') === 'running' && existsSync(join(store, 'sweeps', 'nightly-20261202', 'events.ndjson')) && readFileSync(join(store, 'sweeps', 'nightly-20261202', 'events.ndjson'), 'utf8').includes('"finished"'), 120_000);
    four.child.kill('SIGTERM');
    const r4 = await four.done;
    expect(r4.code).not.toBe(0);
    expect(sweepStatus('nightly-20261202')).toBe('interrupted');
    const five = await night('2026-12-03', good, ['--webhook', `${url}/broken`, '--fail-on-regression']).done;
    expect(five.code).toBe(0);
    expect(five.stderr).toMatch(/webhook http:\/\/127\.0\.0\.1:\d+\/…: not delivered after 3 attempts \(HTTP 500; HTTP 500; HTTP 500\); the night is not failed for it/);
    expect(received.filter((x) => x.path === '/broken')).toHaveLength(3);
    const report = storedReport('nightly-20261203');
    expect(report.baseline?.id).toBe('nightly-20261201');
    expect(report.skipped).toEqual([{ id: 'nightly-20261202', date: '2026-12-02', status: 'interrupted' }]);
    expect(five.stdout).toContain('skipped: nightly-20261202 of 2026-12-02 (interrupted), not a successful night');
    // Good data again: the configuration that regressed last night recovers.
    expect(report.improved.map((c) => c.configId)).toEqual(storedReport('nightly-20261201').regressed.map((c) => c.configId));
  });

  test('history, report and ls read the nights back', async () => {
    const history = await runCli(['--store', store, 'schedule', 'history', 'nightly']);
    expect(history.code).toBe(0);
    const lines = history.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^2026-11-30\s+nightly-20261130\s+completed\s+-\s+first night \(no baseline\)$/);
    expect(lines[2]).toMatch(/^2026-12-01\s+nightly-20261201\s+completed\s+nightly-20261130\s+1 regressed \(\w+\)$/);
    expect(lines[3]).toMatch(/^2026-12-02\s+nightly-20261202\s+interrupted\s+nightly-20261201\s/);
    expect(lines[4]).toMatch(/^2026-12-03\s+nightly-20261203\s+completed\s+nightly-20261201\s+1 improved/);
    const json = await runCli(['--store', store, 'schedule', 'report', 'nightly', '--date', '2026-12-01', '-o', 'json']);
    expect(JSON.parse(json.stdout)).toEqual(storedReport('nightly-20261201'));
    const html = await runCli(['--store', store, 'schedule', 'report', 'nightly', '--date', '2026-12-01', '-o', 'html']);
    expect(html.stdout).toMatch(/^<!doctype html>[\s\S]*<tr class="regression">/);
    const page = await runCli(['--store', store, 'schedule', 'report', 'nightly', '--date', '2026-12-01', '-o', 'html', '--out', join(dir, 'html')]);
    expect(page.code, page.stderr).toBe(0);
    const index = readFileSync(join(dir, 'html', 'index.html'), 'utf8');
    expect(index).toContain('<a href="night/index.html">the full report of nightly-20261201</a>');
    expect(index).toMatch(/<img src="night\/pareto\.svg"/);
    expect(readFileSync(join(dir, 'html', 'night', 'index.html'), 'utf8')).toContain('pareto.svg');
    const missing = await runCli(['--store', store, 'schedule', 'report', 'nightly', '--date', '2026-11-01']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('schedule nightly: no night on 2026-11-01 (nights: 2026-11-30, 2026-12-01, 2026-12-02, 2026-12-03)');
    const ls = await runCli(['--store', store, 'schedule', 'ls', '-o', 'json']);
    const [entry] = JSON.parse(ls.stdout) as Array<{ name: string; cron: string; timeZone: string; nextRun: string; lastNight: { sweepId: string } }>;
    expect(entry).toMatchObject({ name: 'nightly', cron: '0 2 * * *', timeZone: 'Europe/Berlin', lastNight: { sweepId: 'nightly-20261203' } });
    // 02:00 in Berlin is 01:00 UTC in winter, 00:00 UTC in summer.
    expect(entry?.nextRun).toMatch(/T0[01]:00:00\.000Z$/);
  });
});
