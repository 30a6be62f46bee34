/* global process, setTimeout, setInterval */
// A stand-in for `zapsweep worker` in executor tests: resolves its index and attempt from the pod's
// env exactly as the real worker does, prints its events as NDJSON on stdout (the node simulator
// feeds them to the test's inbox), and behaves as FAKE_PLAN says for (index, attempt):
// "ok" | "fail" (reports failed, exit 1) | "crash" (no report, exit 137) | "fatal" (exit 3) | "hang" |
// "slow" (finishes after FAKE_SLOW_MS, default 1500; reports an interruption on SIGTERM, as "hang").
const env = process.env;
const index = Number(env.JOB_COMPLETION_INDEX) + Number(env.ZAPSWEEP_INDEX_OFFSET || 0);
const attempt = Number(env.ZAPSWEEP_FAILURE_COUNT || 0) + Number(env.ZAPSWEEP_IGNORED_FAILURE_COUNT || 0);
const ids = (env.FAKE_TRIAL_IDS || '').split(',');
const plan = JSON.parse(env.FAKE_PLAN || '{}');
const what = (plan[String(index)] || [])[attempt] || 'ok';
const trialId = ids[index];
let seq = 0;
const attemptId = env.ZAPSWEEP_ATTEMPT_ID || undefined;
const emit = (body) => process.stdout.write(JSON.stringify({ ...body, sweepId: env.ZAPSWEEP_SWEEP_ID, trialId, attempt, attemptId, seq: seq++, time: Date.now() }) + '\n');
emit({ type: 'started', index, host: 'sim', backend: 'none', parameters: {} });
const metrics = { retainedAccuracy: 0.5 + index / 100, newTaskGain: 0.3, oldAccBefore: 1, oldAccAfter: 0.5, newAccBefore: 0, newAccAfter: 0.3, forgetting: 0.5, retention: 0.5 };
const delay = Number(env.FAKE_DELAY_MS || 20);
setTimeout(() => {
  if (what === 'ok') { emit({ type: 'finished', metrics }); process.exit(0); }
  if (what === 'fail') { emit({ type: 'failed', message: 'planned failure', retryable: true, cause: 'error' }); process.exit(1); }
  if (what === 'crash') process.exit(137);
  if (what === 'fatal') { process.stderr.write('expected trial digest differs\n'); process.exit(3); }
  if (what === 'hang' || what === 'slow') {
    process.on('SIGTERM', () => { emit({ type: 'failed', message: 'interrupted (SIGTERM)', retryable: true, cause: 'interrupted' }); process.exit(143); });
    setInterval(() => undefined, 1000);
  }
  if (what === 'slow') setTimeout(() => { emit({ type: 'finished', metrics }); process.exit(0); }, Number(env.FAKE_SLOW_MS || 1500));
}, delay);
