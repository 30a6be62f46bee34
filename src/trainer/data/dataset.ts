/** Datasets as plain arrays: the trainer turns them into tensors; tests can build them by hand. */
import { ZapsweepError } from '../../errors.js';

export const IMAGE_SIZE = 28;
export const PIXELS = IMAGE_SIZE * IMAGE_SIZE;

/** Images in NHWC order (N x 28 x 28 x 1, values 0..1) and head indices as labels. */
export interface ImageSet {
  readonly images: Float32Array;
  readonly labels: Int32Array;
  readonly count: number;
}

/** One trial's data. Head output j stands for dataset class `classes[j]`. */
export interface TaskData {
  /** The head's classes: oldClasses followed by newClasses. */
  readonly classes: readonly number[];
  readonly oldTrain: ImageSet;
  readonly oldTest: ImageSet;
  readonly newTrain: ImageSet;
  readonly newTest: ImageSet;
}

/** The experiment's data request is impossible (bad classes, too few images). Not retryable. */
export class DatasetError extends ZapsweepError {
  override readonly name = 'DatasetError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { cause: options?.cause, retryable: false });
  }
}
