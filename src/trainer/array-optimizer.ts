/**
 * The update rules of update-rule.ts on plain Float32Arrays, for the head-only sequential learner
 * (linear-head.ts) when a transfer sets momentum, weight decay, AdamW or clipping. Same maths as
 * configured-optimizer.ts; arithmetic in float64, stored as float32.
 */
import { BETA1, BETA2, CLIP_EPS, EPSILON, type UpdateRule } from './update-rule.js';

export class ArrayOptimizer {
  private readonly first: Float32Array[] = [];
  private readonly second: Float32Array[] = [];
  private steps = 0;

  constructor(
    readonly rule: UpdateRule,
    public learningRate: number,
  ) {}

  /** One step on `params` (updated in place) with `grads` (same shapes; overwritten). */
  step(params: readonly Float32Array[], grads: readonly Float32Array[]): void {
    const r = this.rule;
    const lr = this.learningRate;
    this.steps++;
    // 1. Global-norm clipping.
    let scale = 1;
    if (r.clipGradNorm > 0) {
      let sq = 0;
      for (const g of grads) for (let i = 0; i < g.length; i++) sq += (g[i] as number) ** 2;
      scale = Math.min(1, r.clipGradNorm / (Math.sqrt(sq) + CLIP_EPS));
    }
    const bc1 = 1 - BETA1 ** this.steps;
    const bc2 = 1 - BETA2 ** this.steps;
    params.forEach((w, p) => {
      const g = grads[p] as Float32Array;
      const m = (this.first[p] ??= new Float32Array(w.length));
      const v = (this.second[p] ??= new Float32Array(r.kind === 'sgd' ? 0 : w.length));
      for (let i = 0; i < w.length; i++) {
        let gi = (g[i] as number) * scale;
        let wi = w[i] as number;
        // 2. L2 in the gradient or decoupled decay.
        if (r.kind === 'adamw') wi *= 1 - lr * r.weightDecay;
        else gi += r.weightDecay * wi;
        // 3. The step.
        if (r.kind === 'sgd') {
          if (r.momentum > 0) {
            const buf = r.momentum * (m[i] as number) + gi;
            m[i] = buf;
            gi = r.nesterov ? gi + r.momentum * buf : buf;
          }
          w[i] = wi - lr * gi;
        } else {
          const mi = BETA1 * (m[i] as number) + (1 - BETA1) * gi;
          const vi = BETA2 * (v[i] as number) + (1 - BETA2) * gi * gi;
          m[i] = mi;
          v[i] = vi;
          w[i] = wi - (lr * (mi / bc1)) / (Math.sqrt(vi / bc2) + EPSILON);
        }
      }
    });
  }
}
