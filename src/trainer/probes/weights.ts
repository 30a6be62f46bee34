/**
 * Temporary weights: probes move the variables (interpolation, slices, finite differences) and
 * must put them back exactly. `holding` saves copies, runs the probe, and assigns the copies back
 * (bit for bit: assign shares the saved data, no arithmetic). Vector helpers over variable lists.
 */
import * as tf from '@tensorflow/tfjs';

export type Weights = tf.Tensor[];

/** Copies of the variables' current values (the caller disposes them). */
export function snapshot(variables: readonly tf.Variable[]): Weights {
  return variables.map((v) => tf.clone(v));
}

/** Assigns `values` (one per variable) into the variables. */
export function assignAll(variables: readonly tf.Variable[], values: readonly tf.Tensor[]): void {
  variables.forEach((v, i) => v.assign(values[i] as tf.Tensor));
}

/** Runs `probe` and restores the variables to what they were before, whatever it assigned. */
export async function holding<T>(variables: readonly tf.Variable[], probe: () => Promise<T>): Promise<T> {
  const saved = snapshot(variables);
  try {
    return await probe();
  } finally {
    assignAll(variables, saved);
    tf.dispose(saved);
  }
}

/** a + s * b, per tensor (kept: the caller disposes). */
export function axpy(a: readonly tf.Tensor[], s: number, b: readonly tf.Tensor[]): Weights {
  return tf.tidy(() => a.map((t, i) => tf.add(t, tf.mul(b[i] as tf.Tensor, s))));
}

/** Sum over tensors of <a_i, b_i>. */
export async function dot(a: readonly tf.Tensor[], b: readonly tf.Tensor[]): Promise<number> {
  const s = tf.tidy(() => tf.addN(a.map((t, i) => tf.sum(tf.mul(t, b[i] as tf.Tensor)))));
  try {
    return (await s.data())[0] as number;
  } finally {
    s.dispose();
  }
}

/** Gradients of `loss` with respect to `variables`, in their order (kept). */
export function gradients(loss: () => tf.Scalar, variables: readonly tf.Variable[]): Weights {
  const { value, grads } = tf.variableGrads(loss, [...variables]);
  value.dispose();
  return variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
}
