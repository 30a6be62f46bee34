/** What both scheduling policies (local, Kubernetes batch) return and report to. */
import type { LedgerObserver, LedgerOutcome } from '../ledger/ledger.js';

export type ControllerObserver = LedgerObserver & {
  /** Something the user should see (Kubernetes: adopted a Job, re-listed after 410, ...). */
  note?(message: string): void;
};

export type ControllerOutcome = LedgerOutcome;
