/** What both scheduling policies (local, Kubernetes batch) return and report to. */
import type { SweepFold } from '../ledger/fold.js';
import type { LedgerObserver } from '../ledger/ledger.js';
import type { SweepStatus } from '../store/types.js';

export type ControllerObserver = LedgerObserver & {
  /** Something the user should see (Kubernetes: adopted a Job, re-listed after 410, ...). */
  note?(message: string): void;
};

export interface ControllerOutcome {
  status: SweepStatus;
  fold: SweepFold;
  malformed: number;
  /** Valid events refused: an attempt not launched or adopted, a value outside its domain. */
  rejected: number;
}
