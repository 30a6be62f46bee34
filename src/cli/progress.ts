/**
 * Plain progress lines for a running sweep (terminals without the live view, logs, CI).
 * One line per trial start, epoch, zap, end; numbers at 3 decimals.
 */
import { describeParameters } from '../spec/labels.js';
import type { Trial } from '../spec/trial.js';
import type { TrialEvent } from '../transport/events.js';

export interface ProgressPrinter {
  event(e: TrialEvent, trial: Trial): void;
  malformed(error: string): void;
  rejected(message: string): void;
}

/** `alreadyDone`: trials that had succeeded before (resume, watch), so the counter goes on from there. */
export function progressPrinter(write: (line: string) => void, startedAt: number, total: number, now: () => number = Date.now, alreadyDone = 0): ProgressPrinter {
  const losses = new Map<string, number>();
  // Attempts whose pre-training was reused: its replayed events are not printed again.
  const reused = new Set<string>();
  let done = alreadyDone;
  const stamp = (): string => {
    const s = Math.floor((now() - startedAt) / 1000);
    return `[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}]`;
  };
  const f = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(3));
  return {
    event(e, trial) {
      const who = `#${trial.index} ${trial.trialId}${e.attempt > 0 ? ` (attempt ${e.attempt + 1})` : ''}`;
      const attemptKey = `${e.trialId}/${e.attempt}/${e.attemptId ?? ''}`;
      if (reused.has(attemptKey) && (e.type === 'zap' || e.type === 'metric') && (e.type === 'zap' ? e.phase === 'pretrain' : e.name.startsWith('pretrain.'))) return;
      switch (e.type) {
        case 'started':
          write(`${stamp()} ${who} started on ${e.backend}: ${describeTrial(trial)}`);
          break;
        case 'metric':
          if (e.name.endsWith('.loss')) losses.set(`${e.trialId}/${e.name}/${e.step ?? ''}`, e.value);
          if (e.name === 'pretrain.oldTestAccuracy' || e.name === 'transfer.newTestAccuracy') {
            const phase = e.name.split('.')[0] ?? '';
            const loss = losses.get(`${e.trialId}/${phase}.loss/${e.step ?? ''}`);
            const what = phase === 'pretrain' ? 'old-task test acc' : 'new-task test acc';
            write(`${stamp()} ${who} ${phase} epoch ${e.step ?? '?'}: loss ${f(loss)}, ${what} ${f(e.value)}`);
          }
          break;
        case 'stage':
          if (e.origin === 'trained') write(`${stamp()} ${who} pre-training ${e.key} trained in ${e.seconds.toFixed(1)} s`);
          else {
            reused.add(attemptKey);
            write(`${stamp()} ${who} pre-training ${e.key} reused (${e.origin === 'memory' ? 'in memory' : `checkpoint, loaded in ${e.seconds.toFixed(1)} s`})`);
          }
          break;
        case 'zap':
          write(`${stamp()} ${who} zapped ${e.layers.join(', ')} after ${e.phase} epoch ${e.step}`);
          break;
        case 'finished':
          done++;
          write(`${stamp()} ${who} finished: retained ${f(e.metrics['retainedAccuracy'])}, gain ${f(e.metrics['newTaskGain'])} (old ${f(e.metrics['oldAccBefore'])} -> ${f(e.metrics['oldAccAfter'])}, new ${f(e.metrics['newAccBefore'])} -> ${f(e.metrics['newAccAfter'])})  [${done}/${total}]`);
          break;
        case 'failed':
          write(`${stamp()} ${who} failed (${e.cause}): ${e.message}`);
          break;
        case 'progress':
          break;
      }
    },
    malformed(error) {
      write(`${stamp()} dropped a malformed message: ${error.split('\n')[0] ?? ''}`);
    },
    rejected(message) {
      write(`${stamp()} rejected an event: ${message}`);
    },
  };
}

/** `zapEvery=1 pretrain.learningRate=0.1 transfer.learningRate=0.01 seed=0`: short names, never ambiguous. */
export function describeTrial(trial: Trial): string {
  const params = describeParameters(trial.parameters);
  return params === '' ? `seed=${trial.seed}` : `${params} seed=${trial.seed}`;
}
