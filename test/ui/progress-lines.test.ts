import { describe, expect, test } from 'vitest';
import { progressPrinter } from '../../src/cli/progress.js';
import type { Trial } from '../../src/spec/trial.js';
import type { EventBody, TrialEvent } from '../../src/transport/events.js';

const trial = { index: 3, trialId: 't3', configId: 'c', seed: 1, parameters: { 'pretrain.zapEvery': 1 }, experiment: {} } as unknown as Trial;
let seq = 0;
const ev = (body: EventBody, attempt = 0): TrialEvent => ({ ...body, sweepId: 's', trialId: 't3', attempt, attemptId: `a${attempt}`, seq: seq++, time: 0 });
const pretrainEpoch = [
  ev({ type: 'metric', name: 'pretrain.loss', value: 0.5, step: 1 }),
  ev({ type: 'metric', name: 'pretrain.oldTestAccuracy', value: 0.9, step: 1 }),
  ev({ type: 'zap', phase: 'pretrain', step: 1, layers: ['head'] }),
];

function lines(events: TrialEvent[]): string[] {
  const out: string[] = [];
  const p = progressPrinter((l) => void out.push(l.replace(/^\[\d\d:\d\d\] /, '')), 0, 4, () => 0);
  for (const e of events) p.event(e, trial);
  return out;
}

describe('progress lines for pre-training stages', () => {
  test.each([
    ['trained: its epochs, then one line', [...pretrainEpoch, ev({ type: 'stage', key: 'k1', origin: 'trained', seconds: 2.04 })], ['#3 t3 pretrain epoch 1: loss 0.500, old-task test acc 0.900', '#3 t3 zapped head after pretrain epoch 1', '#3 t3 pre-training k1 trained in 2.0 s']],
    ['reused in memory: one line, the replayed epochs not again', [ev({ type: 'stage', key: 'k1', origin: 'memory', seconds: 0 }), ...pretrainEpoch], ['#3 t3 pre-training k1 reused (in memory)']],
    ['reused from a checkpoint', [ev({ type: 'stage', key: 'k1', origin: 'checkpoint', seconds: 0.31 }, 1)], ['#3 t3 (attempt 2) pre-training k1 reused (checkpoint, loaded in 0.3 s)']],
    ['transfer epochs of a reused attempt are printed', [ev({ type: 'stage', key: 'k1', origin: 'memory', seconds: 0 }), ev({ type: 'metric', name: 'transfer.newTestAccuracy', value: 0.7, step: 1 })], ['#3 t3 pre-training k1 reused (in memory)', '#3 t3 transfer epoch 1: loss -, new-task test acc 0.700']],
  ])('%s', (_what, events, expected) => {
    expect(lines(events)).toEqual(expected);
  });
});
