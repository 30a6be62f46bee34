/**
 * Pause for the reconcile loop: while paused the controller launches nothing new; running attempts
 * continue and their events are stored. Resuming wakes the controller so it fills free slots.
 */
export interface PauseSwitch {
  readonly paused: boolean;
  /** Called on every change; returns an unsubscribe function. */
  subscribe(listener: (paused: boolean) => void): () => void;
}

export class PauseControl implements PauseSwitch {
  private state = false;
  private readonly listeners = new Set<(paused: boolean) => void>();

  get paused(): boolean {
    return this.state;
  }

  set(paused: boolean): void {
    if (paused === this.state) return;
    this.state = paused;
    for (const l of this.listeners) l(paused);
  }

  toggle(): boolean {
    this.set(!this.state);
    return this.state;
  }

  subscribe(listener: (paused: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
}
