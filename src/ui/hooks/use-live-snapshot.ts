/**
 * The model's latest snapshot, at most one per `intervalMs` however fast events arrive (0: at
 * once, for tests), and once per `tickMs` so the clocks move while nothing happens (0: never).
 */
import { useEffect, useState } from 'react';
import type { LiveModel } from '../model/live-model.js';
import type { LiveSnapshot } from '../model/snapshot.js';

export function useLiveSnapshot(model: LiveModel, now: () => number, intervalMs: number, tickMs: number): LiveSnapshot {
  const [snapshot, setSnapshot] = useState(() => model.snapshot(now()));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    const refresh = (): void => {
      timer = undefined;
      last = now();
      setSnapshot(model.snapshot(last));
    };
    const onChange = (): void => {
      if (intervalMs <= 0) return refresh();
      if (timer === undefined) timer = setTimeout(refresh, Math.max(0, intervalMs - (now() - last)));
    };
    const off = model.subscribe(onChange);
    const tick = tickMs > 0 ? setInterval(refresh, tickMs) : undefined;
    refresh();
    return () => {
      off();
      if (timer !== undefined) clearTimeout(timer);
      if (tick !== undefined) clearInterval(tick);
    };
  }, [model, now, intervalMs, tickMs]);
  return snapshot;
}
