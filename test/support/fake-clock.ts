/**
 * A Clock for tests (the controllers' Clock port): virtual time that jumps to the next timer once
 * the process has gone quiet, so a 60 s trial timeout or a 5 s grace period costs no real time and
 * fires in the order real timers would. "Quiet" = `quietTurns` macrotask turns in which no timer was
 * scheduled: enough for in-process doubles (ScriptedExecutor, MemoryStore, IpcInbox) that work in
 * microtasks and setImmediate chains. Not for tests with real processes or real I/O.
 */
import type { Clock } from '../../src/util/clock.js';

interface Timer {
  due: number;
  order: number;
  fn: () => void;
}

export class FakeClock implements Clock {
  private time = 1_000_000;
  private order = 0;
  private readonly timers: Timer[] = [];
  private driving = false;

  constructor(private readonly quietTurns = 20) {}

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): () => void {
    const timer: Timer = { due: this.time + Math.max(0, ms), order: this.order++, fn };
    this.timers.push(timer);
    void this.drive();
    return () => {
      const i = this.timers.indexOf(timer);
      if (i >= 0) this.timers.splice(i, 1);
    };
  }

  /** Timers not yet fired. */
  get pending(): number {
    return this.timers.length;
  }

  /** Resolves after the process has gone quiet (the doubles have done what they were going to do). */
  async settle(): Promise<void> {
    for (let i = 0; i < this.quietTurns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  private async drive(): Promise<void> {
    if (this.driving) return;
    this.driving = true;
    try {
      while (this.timers.length > 0) {
        const scheduled = this.order;
        await this.settle();
        if (this.order !== scheduled) continue; // something is still happening: let it
        this.timers.sort((a, b) => a.due - b.due || a.order - b.order);
        const next = this.timers.shift();
        if (!next) break;
        this.time = Math.max(this.time, next.due);
        next.fn();
      }
    } finally {
      this.driving = false;
    }
  }
}
