/**
 * A TensorFlow.js optimizer with the update rules of update-rule.ts (momentum, Nesterov, weight
 * decay, AdamW, global-norm clipping) and a settable learning rate for schedules. Used only when
 * a phase sets one of those knobs (isPlain); otherwise the trainer keeps tfjs's own optimizers.
 * State slots are exposed as `accumulatedFirstMoment` / `accumulatedSecondMoment` like tfjs's
 * Adam (names `<variable>/m`, `<variable>/v`, `<variable>/momentum`), so zapOptimizerState
 * (zap.ts resetOptimizerState) zeroes Adam moments and SGD momentum buffers alike.
 */
import * as tf from '@tensorflow/tfjs';
import { BETA1, BETA2, CLIP_EPS, EPSILON, type UpdateRule } from './update-rule.js';

/** tfjs's own slot record (not exported by @tensorflow/tfjs). */
interface OptimizerVariable {
  originalName: string;
  variable: tf.Variable;
}

interface Slots {
  first?: tf.Variable;
  second?: tf.Variable;
  steps: number;
}

export class ConfiguredOptimizer extends tf.Optimizer {
  static get className(): string {
    return 'ZapsweepConfiguredOptimizer';
  }

  readonly accumulatedFirstMoment: OptimizerVariable[] = [];
  readonly accumulatedSecondMoment: OptimizerVariable[] = [];
  private readonly slots = new Map<string, Slots>();

  constructor(
    readonly rule: UpdateRule,
    /** Current learning rate; schedules set it before each step. */
    public learningRate: number,
  ) {
    super();
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | Array<{ name: string; tensor: tf.Tensor }>): void {
    const grads: Array<[string, tf.Tensor]> = Array.isArray(variableGradients)
      ? variableGradients.map((g) => [g.name, g.tensor])
      : Object.entries(variableGradients);
    const r = this.rule;
    const lr = this.learningRate;
    tf.tidy(() => {
      // 1. Global-norm clipping over every gradient of the step.
      let scale: tf.Scalar | undefined;
      if (r.clipGradNorm > 0 && grads.length > 0) {
        const total = tf.sqrt(tf.addN(grads.map(([, g]) => tf.sum(tf.square(g)))));
        scale = tf.minimum<tf.Scalar>(tf.div(r.clipGradNorm, tf.add(total, CLIP_EPS)), 1);
      }
      for (const [name, g0] of grads) {
        const variable = tf.engine().registeredVariables[name];
        if (variable === undefined) continue;
        const slots = this.slotsOf(variable);
        slots.steps++;
        let g: tf.Tensor = scale === undefined ? g0 : tf.mul(g0, scale);
        // 2. L2 in the gradient (sgd, adam) or decoupled decay (adamw).
        let w: tf.Tensor = variable;
        if (r.weightDecay > 0 && r.kind !== 'adamw') g = tf.add(g, tf.mul(variable, r.weightDecay));
        if (r.weightDecay > 0 && r.kind === 'adamw') w = tf.mul(variable, 1 - lr * r.weightDecay);
        // 3. The step.
        if (r.kind === 'sgd') {
          if (r.momentum > 0 && slots.first !== undefined) {
            const buf = tf.add(tf.mul(slots.first, r.momentum), g);
            slots.first.assign(buf);
            g = r.nesterov ? tf.add(g, tf.mul(buf, r.momentum)) : buf;
          }
          variable.assign(tf.sub(w, tf.mul(g, lr)));
        } else {
          const m = tf.add(tf.mul(slots.first as tf.Variable, BETA1), tf.mul(g, 1 - BETA1));
          const v = tf.add(tf.mul(slots.second as tf.Variable, BETA2), tf.mul(tf.square(g), 1 - BETA2));
          slots.first?.assign(m);
          slots.second?.assign(v);
          const bc1 = 1 - BETA1 ** slots.steps;
          const bc2 = 1 - BETA2 ** slots.steps;
          const update = tf.div(tf.div(m, bc1), tf.add(tf.sqrt(tf.div(v, bc2)), EPSILON));
          variable.assign(tf.sub(w, tf.mul(update, lr)));
        }
      }
    });
    this.incrementIterations();
  }

  private slotsOf(variable: tf.Variable): Slots {
    const known = this.slots.get(variable.name);
    if (known !== undefined) return known;
    const slots: Slots = { steps: 0 };
    const zeros = (suffix: string): tf.Variable => tf.variable(tf.zerosLike(variable), false, `${variable.name}/${suffix}/${this.id}`);
    if (this.rule.kind === 'sgd') {
      if (this.rule.momentum > 0) {
        slots.first = zeros('momentum');
        this.accumulatedFirstMoment.push({ originalName: `${variable.name}/momentum`, variable: slots.first });
      }
    } else {
      slots.first = zeros('m');
      slots.second = zeros('v');
      this.accumulatedFirstMoment.push({ originalName: `${variable.name}/m`, variable: slots.first });
      this.accumulatedSecondMoment.push({ originalName: `${variable.name}/v`, variable: slots.second });
    }
    this.slots.set(variable.name, slots);
    return slots;
  }

  override dispose(): void {
    for (const s of this.slots.values()) {
      s.first?.dispose();
      s.second?.dispose();
    }
    this.slots.clear();
    super.dispose();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, ...this.rule };
  }

  private static nextId = 0;
  private readonly id = ConfiguredOptimizer.nextId++;
}
