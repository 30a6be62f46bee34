/**
 * A pre-training zap as the spec asks for it (pretrain.resetLayers, zapScope, zapInit, zapBias,
 * zapOptimizerState), reported as one `zap` event.
 *   scope layer:   every layer of resetLayers is re-sampled whole.
 *   scope classes: `head` means the head outputs of the classes about to be learned (`outputs`);
 *                  conv layers in resetLayers are still re-sampled whole.
 */
import type * as tf from '@tensorflow/tfjs';
import { zapHeadRows, zapLayers } from '../zap.js';
import type { ProtocolContext } from './context.js';

export function pretrainZap(ctx: ProtocolContext, optimizer: tf.Optimizer, step: number, stream: string, outputs: readonly number[]): void {
  const p = ctx.experiment.pretrain;
  const options = { init: p.zapInit, bias: p.zapBias, ...(p.zapOptimizerState ? { optimizer } : {}) };
  const rows = p.zapScope === 'classes' && p.resetLayers.includes('head');
  const whole = rows ? p.resetLayers.filter((l) => l !== 'head') : [...p.resetLayers];
  if (whole.length > 0) zapLayers(ctx.model, whole, ctx.seed, stream, options);
  if (rows) zapHeadRows(ctx.model, outputs, ctx.seed, `${stream}:head-rows`, options);
  ctx.sink.zap({ phase: 'pretrain', step, layers: [...p.resetLayers] });
}
