/**
 * Reads one subject of a stream through an ordered consumer (no server-side state to clean up):
 * either what is stored now (`follow: false`), or that and then every new message until `signal`
 * aborts. Yields raw message text; callers validate.
 */
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { DeliverPolicy } from '@nats-io/jetstream';

export interface ReadOptions {
  follow: boolean;
  fromStart?: boolean;
  signal?: AbortSignal;
}

export async function storedCount(jsm: JetStreamManager, stream: string, subject: string): Promise<number> {
  const info = await jsm.streams.info(stream, { subjects_filter: subject });
  return info.state.subjects?.[subject] ?? 0;
}

export async function* readSubject(js: JetStreamClient, jsm: JetStreamManager, stream: string, subject: string, o: ReadOptions): AsyncGenerator<string> {
  if (o.signal?.aborted) return;
  if (!o.follow && (await storedCount(jsm, stream, subject)) === 0) return;
  const consumer = await js.consumers.get(stream, {
    filter_subjects: subject,
    deliver_policy: o.fromStart === false ? DeliverPolicy.New : DeliverPolicy.All,
  });
  const messages = await consumer.consume({ max_messages: 5000 });
  const stop = (): void => void messages.close();
  o.signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const m of messages) {
      yield m.string();
      if (!o.follow && m.info.pending === 0) break;
    }
  } finally {
    o.signal?.removeEventListener('abort', stop);
    await messages.close();
  }
}
