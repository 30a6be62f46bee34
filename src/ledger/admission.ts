/**
 * Which attempts a controller will take events from (DESIGN.md "Attempts"): those it launched
 * (local), those the cluster reports a pod for (Kubernetes), and those its log already holds
 * (adopted on resume). An event must name such an attempt, by number and id, or it is rejected: a
 * forged `finished` for an attempt that never ran cannot change a result. Pure.
 */
import type { TrialEvent } from '../transport/events.js';

export type Verdict = { kind: 'accept' } | { kind: 'hold' } | { kind: 'reject'; reason: string };

interface Admitted {
  readonly ids: Set<string>;
  /** A log written before attempt ids existed: any id (or none) of this attempt is its own. */
  anyId: boolean;
}

export class Admissions {
  private readonly attempts = new Map<string, Admitted>();

  /** This attempt's events are accepted (with `attemptId`, only events carrying that id). */
  admit(trialId: string, attempt: number, attemptId?: string): void {
    const a = this.entry(trialId, attempt);
    if (attemptId === undefined) a.anyId = true;
    else a.ids.add(attemptId);
  }

  /** Adopts the attempts a stored log speaks of: their ids, or any id for a log from before ids. */
  adopt(events: Iterable<TrialEvent>): void {
    for (const e of events) {
      if (e.attemptId !== undefined) this.admit(e.trialId, e.attempt, e.attemptId);
      else if (e.type === 'started') this.admit(e.trialId, e.attempt); // a worker of an older version
      else this.entry(e.trialId, e.attempt); // written by a controller on a worker's behalf
    }
  }

  /** `holdUnknown`: an attempt not known yet may still be reported (a pod the watch has not shown). */
  verdict(e: TrialEvent, holdUnknown: boolean): Verdict {
    const a = this.attempts.get(key(e.trialId, e.attempt));
    const unknown = (reason: string): Verdict => (holdUnknown ? { kind: 'hold' } : { kind: 'reject', reason });
    if (!a) return unknown(`attempt ${e.attempt} of trial ${e.trialId} was not launched or adopted by this controller`);
    if (a.anyId) return { kind: 'accept' };
    if (e.attemptId === undefined) return { kind: 'reject', reason: `attempt ${e.attempt} of trial ${e.trialId}: the event carries no attempt id` };
    if (a.ids.has(e.attemptId)) return { kind: 'accept' };
    return unknown(`attempt ${e.attempt} of trial ${e.trialId}: id ${e.attemptId} is not one this controller launched or adopted`);
  }

  private entry(trialId: string, attempt: number): Admitted {
    const k = key(trialId, attempt);
    let a = this.attempts.get(k);
    if (!a) {
      a = { ids: new Set(), anyId: false };
      this.attempts.set(k, a);
    }
    return a;
  }
}

const key = (trialId: string, attempt: number): string => `${trialId}/${attempt}`;
