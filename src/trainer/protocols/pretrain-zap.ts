/**
 * A pre-training zap as the spec asks for it (pretrain.resetLayers, zapScope, zapInit, zapBias,
 * zapOptimizerState, zapFraction / zapCount, zapMode), reported as one `zap` event.
 *   scope layer:   every layer of resetLayers is zapped whole; with zapFraction < 1 or zapCount,
 *                  `head` means that many head rows (outputs) drawn without replacement from
 *                  all head outputs, from stream `<stream>:rows` (so different rows at each zap,
 *                  reproducibly), as the authors' `lobo_size` (their `lobo_frac` times the head size, rounded).
 *   scope classes: `head` means the head outputs of the classes about to be learned (`outputs`);
 *                  conv layers in resetLayers are still zapped whole.
 * The event lists the zapped head rows whenever the head was zapped in part.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Experiment } from '../../spec/schema.js';
import { headOutputs } from '../model.js';
import { createRng, permutation } from '../random.js';
import { zapHeadRows, zapLayers, type ZapOptions } from '../zap.js';
import type { ProtocolContext } from './context.js';

/** Head rows a partial zap re-samples, or undefined for a whole-head zap (pure). */
export function partialRowCount(p: Experiment['pretrain'], heads: number): number | undefined {
  if (p.zapCount !== undefined) return Math.min(p.zapCount, heads);
  if (p.zapFraction < 1) return Math.max(1, Math.round(p.zapFraction * heads));
  return undefined;
}

/** `count` distinct head outputs of `heads`, drawn from `seed`/`stream`, ascending. */
export function drawRows(seed: number, stream: string, heads: number, count: number): number[] {
  return Array.from(permutation(createRng(seed, stream), heads).subarray(0, count)).sort((a, b) => a - b);
}

/** Zaps as the spec says; returns the head rows zapped (every row for a whole-head zap). */
export function pretrainZap(ctx: ProtocolContext, optimizer: tf.Optimizer, step: number, stream: string, outputs: readonly number[]): number[] {
  const p = ctx.experiment.pretrain;
  const heads = headOutputs(ctx.model.spec);
  const options: ZapOptions = {
    init: p.zapInit,
    bias: p.zapBias,
    ...(p.zapOptimizerState ? { optimizer } : {}),
    ...(p.zapMode === 'shrink-perturb' ? { shrinkPerturb: { shrink: p.shrink ?? 1, perturb: p.perturb ?? 0 } } : {}),
  };
  const hasHead = p.resetLayers.includes('head');
  const partial = p.zapScope === 'layer' ? partialRowCount(p, heads) : undefined;
  const rows = hasHead && (p.zapScope === 'classes' || partial !== undefined);
  const whole = rows ? p.resetLayers.filter((l) => l !== 'head') : [...p.resetLayers];
  if (whole.length > 0) zapLayers(ctx.model, whole, ctx.seed, stream, options);
  let zappedRows: number[] = hasHead ? Array.from({ length: heads }, (_, j) => j) : [];
  if (rows) {
    zappedRows = partial === undefined ? [...outputs] : drawRows(ctx.seed, `${stream}:rows`, heads, partial);
    zapHeadRows(ctx.model, zappedRows, ctx.seed, `${stream}:head-rows`, options);
  }
  ctx.sink.zap({ phase: 'pretrain', step, layers: [...p.resetLayers], ...(rows ? { rows: zappedRows } : {}) });
  return zappedRows;
}
