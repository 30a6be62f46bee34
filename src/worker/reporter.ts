/** Stamps the event envelope (sweepId, trialId, attempt, attemptId, seq, time) and publishes in order. */
import type { EventBody } from '../transport/events.js';
import type { EventPublisher } from '../transport/types.js';

export class Reporter {
  private seq = 0;
  private chain: Promise<void> = Promise.resolve();
  private firstError: Error | undefined;

  constructor(
    private readonly publisher: EventPublisher,
    private readonly envelope: { sweepId: string; trialId: string; attempt: number; attemptId?: string },
    private readonly now: () => number = Date.now,
  ) {}

  /** Queues the event; publishes are serialised so seq order is delivery order. Never throws. */
  emit(body: EventBody): void {
    const event = { ...body, ...this.envelope, seq: this.seq++, time: this.now() };
    this.chain = this.chain.then(() =>
      this.publisher.publish(event).catch((err: unknown) => {
        this.firstError ??= err instanceof Error ? err : new Error(String(err));
      }),
    );
  }

  /** Waits for every queued publish; rejects with the first publish error, if any. */
  async flush(): Promise<void> {
    await this.chain;
    if (this.firstError !== undefined) throw this.firstError;
  }
}
