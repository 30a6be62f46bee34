/**
 * `experiment.probes` (issue #16; README "Probes", docs/metrics.md "Probes"): Fisher information
 * and loss-landscape measurements taken during a trial. Off unless present, and optional with no
 * default, so the identity of a spec without probes (identity.ts) is what it was before probes
 * existed. Each probe is switched on with its defaults by an empty mapping (`fisher: {}`).
 * Probes never change training: they read the weights, perturb them only temporarily, and draw
 * their randomness from their own streams.
 */
import { z } from 'zod';

const positiveInt = z.number().int().positive();

/** Where fisher and sharpness are measured. */
export const probePointNames = ['epoch', 'zap', 'transferCheckpoint'] as const;
export type ProbePointName = (typeof probePointNames)[number];

/** The weight snapshots an interpolation runs between. */
export const interpolatePairNames = ['zap', 'transfer'] as const;
export type InterpolatePairName = (typeof interpolatePairNames)[number];

const distinct = <T extends z.ZodType<string>>(item: T, what: string) =>
  z
    .array(item)
    .min(1)
    .superRefine((list, ctx) => {
      list.forEach((v, i) => {
        if (list.indexOf(v) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `duplicate ${what} "${v}"` });
      });
    });

const at = distinct(z.enum(probePointNames), 'point');

export const fisherProbeSchema = z.strictObject({
  /** epoch: each pre-training epoch's end (before its zap) and each iid transfer epoch's end;
   *  zap: just after each zap; transferCheckpoint: at the sequential transfer checkpoints.
   *  The zapped share (just before each zap) is measured whenever fisher is on. */
  at: at.default(['epoch']),
});

export const sharpnessProbeSchema = z.strictObject({
  at: at.default(['epoch']),
  /** Power-iteration steps per point (warm-started from the previous point); each costs one gradient of the probe batch. */
  iterations: positiveInt.max(200).default(4),
});

export const interpolateProbeSchema = z.strictObject({
  /** Evenly spaced points on the segment, both ends included. */
  points: z.number().int().min(3).max(101).default(11),
  /** zap: just before the first zap -> one epoch after it; transfer: start -> end of transfer. */
  pairs: distinct(z.enum(interpolatePairNames), 'pair').default(['zap', 'transfer']),
});

export const sliceProbeSchema = z.strictObject({
  /** Points per side of the square grid (odd, so the trained weights are its centre). */
  grid: z
    .number()
    .int()
    .min(3)
    .max(25)
    .refine((n) => n % 2 === 1, { error: (iss) => `expected an odd number (the trained weights sit at the centre), found ${String(iss.input)}` })
    .default(9),
  /** The grid spans [-span, span] along each filter-normalised direction. */
  span: z.number().positive().max(10).default(1),
});

export const probesSchema = z.strictObject({
  /** Images of each phase's probe batch: seeded, from the held-out (test) images of the phase's classes. */
  probeImages: positiveInt.max(1000).default(16),
  fisher: fisherProbeSchema.optional(),
  sharpness: sharpnessProbeSchema.optional(),
  interpolate: interpolateProbeSchema.optional(),
  slice: sliceProbeSchema.optional(),
});

export type ProbesSpec = z.output<typeof probesSchema>;

/** The names of the metrics the probes emit (docs/metrics.md "Probes"), apart from `probes.seconds`. */
export const PROBE_METRIC = /^(transfer\.)?(fisher|adam|sharpness|landscape)\./;
