/**
 * An Executor double whose attempts publish their script through a real transport publisher (one
 * per attempt, like a worker process), then exit or die. The controller under test consumes the
 * rig's inbox, so the whole transport path is exercised.
 */
import type { Executor, ExitInfo, LaunchRequest, RunningAttempt } from '../../src/executors/types.js';
import type { Script, Scripter } from '../support/scripted-executor.js';
import type { TransportRig } from './adapters.js';

export class PublishingExecutor implements Executor {
  readonly name = 'publishing';
  readonly launches: LaunchRequest[] = [];
  published = 0;

  constructor(
    readonly parallelism: number,
    private readonly rig: TransportRig,
    private readonly scripter: Scripter,
  ) {}

  launch(r: LaunchRequest): RunningAttempt {
    this.launches.push(r);
    const script: Script = this.scripter(r);
    const exited = this.play(r, script);
    return { exited, terminate: () => undefined, kill: () => undefined };
  }

  private async play(r: LaunchRequest, script: Script): Promise<ExitInfo> {
    const publisher = this.rig.publisher();
    for (const j of script.junk ?? []) await this.rig.inject(r.sweepId, typeof j === 'string' ? j : JSON.stringify(j));
    let seq = 0;
    for (const body of script.events) {
      const e = { ...body, sweepId: r.sweepId, trialId: r.trial.trialId, attempt: r.attempt, attemptId: r.attemptId, seq: seq++, time: 0 };
      await publisher.publish(e);
      this.published++;
      if (script.duplicate) {
        // Twice through the publisher (NATS: same message id) and once raw (no id): at-least-once.
        await publisher.publish(structuredClone(e));
        await this.rig.inject(r.sweepId, JSON.stringify(e));
      }
    }
    await publisher.close();
    const ending = script.ending;
    if (ending === 'hang') return new Promise(() => undefined);
    return 'exit' in ending ? { code: ending.exit, signal: null, stderrTail: '' } : { code: null, signal: ending.signal, stderrTail: 'boom' };
  }
}
