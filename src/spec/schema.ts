/**
 * The sweep spec (apiVersion zapsweep/v1, kind Sweep) as zod schemas.
 * Contract: every object is strict (unknown keys are errors); defaults are filled here so that a
 * parsed spec is complete and expansion never needs to guess.
 */
import { z } from 'zod';
import { optimizerFields, optimizerNames } from './optimizer-schema.js';
import { probesSchema } from './probes-schema.js';
import { zapFields } from './zap-schema.js';
import { searchSchema } from './search-schema.js';

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();

export const datasetNames = ['mnist', 'fashion-mnist', 'glyphs', 'omniglot'] as const;
export { optimizerNames } from './optimizer-schema.js';
/** Layers a zap may reset: the head, or a conv block by name (`conv1`, `conv2`, ...). */
export const layerName = z.string().regex(/^(head|conv[1-9][0-9]*)$/, 'expected "head" or "convN" (N from 1)');

/** A run of class labels: `from`, `from + 1`, ..., `from + count - 1`. */
export const classRangeSchema = z.strictObject({
  /** First label; for newClasses the default is the label after the largest old class. */
  from: nonNegativeInt.optional(),
  count: positiveInt.max(100_000),
});
export type ClassRange = z.output<typeof classRangeSchema>;

/** A class selection as written: a list of labels, or a range. */
const classSelection = (min: number) => z.union([z.array(nonNegativeInt).min(min), classRangeSchema]);

function rangeLabels(range: ClassRange, defaultFrom: number): number[] {
  const from = range.from ?? defaultFrom;
  return Array.from({ length: range.count }, (_, i) => from + i);
}

/**
 * Class selections resolve to label lists here, so a parsed spec always holds lists:
 * `oldClasses: { count: 964 }` is 0..963; `newClasses: { count: 20 }` follows the old classes.
 */
export const datasetSchema = z
  .strictObject({
    /** mnist and fashion-mnist: 10 classes; glyphs (procedural) and omniglot: 1,623 classes of 20 images. */
    name: z.enum(datasetNames).default('mnist'),
    /** Class labels pre-trained on (the old task): a list, or a range `{ from, count }`. */
    oldClasses: classSelection(2).default([0, 1, 2, 3, 4]),
    /** Class labels transferred to (the new task); disjoint from oldClasses. */
    newClasses: classSelection(1).default([5, 6, 7, 8, 9]),
    trainPerClass: positiveInt.default(200),
    testPerClass: positiveInt.default(50),
    /** glyphs: the seed of the generated alphabet (which characters exist); the same for every trial. */
    generatorSeed: nonNegativeInt.default(0),
    /** omniglot: the folder holding images_background/ and images_evaluation/ (default $ZAPSWEEP_OMNIGLOT). */
    path: z.string().min(1).optional(),
  })
  .transform((d) => {
    const oldClasses = Array.isArray(d.oldClasses) ? d.oldClasses : rangeLabels(d.oldClasses, 0);
    const after = oldClasses.length === 0 ? 0 : Math.max(...oldClasses) + 1;
    const newClasses = Array.isArray(d.newClasses) ? d.newClasses : rangeLabels(d.newClasses, after);
    return { ...d, oldClasses, newClasses };
  });

export const modelSchema = z.strictObject({
  convBlocks: z.number().int().min(1).max(4).default(2),
  /** Filters of the first block; later blocks use `width * 2` (growth: double) or `width` (constant). */
  width: positiveInt.max(512).default(16),
  growth: z.enum(['double', 'constant']).default('double'),
  norm: z.enum(['none', 'instance']).default('none'),
  /** Conv padding: same keeps the side, valid shrinks it by 2 per block. */
  padding: z.enum(['same', 'valid']).default('same'),
  /** Max-pool 2x2 after every block (true), none (false), or per block ([true, true, false]). */
  pool: z.union([z.boolean(), z.array(z.boolean()).min(1).max(4)]).default(true),
  /** Head outputs; default one per class of the trial. The papers' Omniglot head has 1000. */
  headSize: positiveInt.max(100_000).optional(),
});

export const zapInitNames = ['kaiming-normal', 'glorot-uniform'] as const;

/** Active sampling of batches ("ASB") episodes; read when pretrain.method is asb. */
export const asbSchema = z.strictObject({
  episodes: positiveInt.default(100),
  /** Plain SGD steps at batch 1 on the episode's class. */
  innerSteps: positiveInt.default(20),
  innerLearningRate: z.number().positive().max(10).default(0.1),
  /** Random images of the classes seen so far added to the outer step. */
  rememberImages: nonNegativeInt.default(64),
});

export const pretrainSchema = z.strictObject({
  /** iid: shuffled mini-batch epochs; asb: single-class episodes (see `asb`). */
  method: z.enum(['iid', 'asb']).default('iid'),
  epochs: positiveInt.default(4),
  batchSize: positiveInt.default(32),
  optimizer: z.enum(optimizerNames).default('adam'),
  learningRate: z.number().positive().max(10).default(0.001),
  ...optimizerFields,
  /** Re-sample `resetLayers` every this many epochs (iid) or episodes (asb); 0 = never. */
  zapEvery: nonNegativeInt.default(0),
  resetLayers: z.array(layerName).min(1).default(['head']),
  /** layer: whole layers; classes: only the head rows of the classes about to be learned. */
  zapScope: z.enum(['layer', 'classes']).default('layer'),
  zapInit: z.enum(zapInitNames).default('kaiming-normal'),
  /** Also reset the zapped biases to 0. */
  zapBias: z.boolean().default(false),
  /** Also reset the optimizer state (Adam moments) of the zapped weights. */
  zapOptimizerState: z.boolean().default(false),
  ...zapFields,
  asb: asbSchema.default(() => asbSchema.parse({})),
});

export const transferSchema = z.strictObject({
  /** iid: shuffled mini-batch epochs; sequential: one class after another, one image per step, one pass. */
  mode: z.enum(['iid', 'sequential']).default('iid'),
  epochs: positiveInt.default(1),
  batchSize: positiveInt.default(32),
  /** head | all | progressive: the head first, then the layers of `unfreeze`, stage by stage. */
  trainLayers: z.enum(['head', 'all', 'progressive']).default('head'),
  /**
   * progressive: stages, each adding `layers` (conv blocks, or all) to what trains once `after`
   * epochs (mode iid) or new classes (mode sequential) are done.
   */
  unfreeze: z.array(z.strictObject({ after: positiveInt, layers: z.union([z.literal('all'), z.array(layerName).min(1)]) })).min(1).optional(),
  optimizer: z.enum(optimizerNames).default('sgd'),
  learningRate: z.number().positive().max(10).default(0.01),
  ...optimizerFields,
  /** sequential: training images per new class (at most dataset.trainPerClass). */
  shots: positiveInt.default(15),
  /** sequential: times the per-class accuracy matrix is measured (evenly spaced, always the last). */
  checkpoints: positiveInt.max(1000).default(10),
});

export const experimentSchema = z
  .strictObject({
    dataset: datasetSchema.default(() => datasetSchema.parse({})),
    model: modelSchema.default(() => modelSchema.parse({})),
    pretrain: pretrainSchema.default(() => pretrainSchema.parse({})),
    transfer: transferSchema.default(() => transferSchema.parse({})),
    /** Fisher information and loss-landscape probes (probes-schema.ts); absent = none. */
    probes: probesSchema.optional(),
  });

export type Experiment = z.output<typeof experimentSchema>;

/**
 * A swept value: scalars, arrays of scalars (e.g. resetLayers: [head, conv2]), or a mapping: the
 * value of an object field (schedule: { kind: cosine }) or a bundle of paths (bundles.ts).
 */
export const scalar = z.union([z.number(), z.string(), z.boolean()]);
export const sweptValue = z.union([scalar, z.array(scalar), z.record(z.string(), z.unknown())]);
export type SweptValue = z.output<typeof sweptValue>;
/**
 * A parameter value as trials, events and tables carry it: a swept scalar or list as written; a
 * mapping (a bundle, or an object field's value) as its label text (labels.ts).
 */
export const axisValue = z.union([scalar, z.array(scalar)]);
export type AxisValue = z.output<typeof axisValue>;

export const distributionSchema = z.discriminatedUnion('distribution', [
  z.strictObject({ distribution: z.literal('uniform'), min: z.number(), max: z.number() }),
  z.strictObject({ distribution: z.literal('log-uniform'), min: z.number().positive(), max: z.number().positive() }),
  z.strictObject({ distribution: z.literal('choice'), values: z.array(sweptValue).min(1) }),
]);
export type Distribution = z.output<typeof distributionSchema>;

export const axisSchema = z.union([z.array(sweptValue).min(1), distributionSchema]);
export type Axis = z.output<typeof axisSchema>;

/** Shorthand axis names and the experiment path each stands for. */
export const axisShorthands: Readonly<Record<string, string>> = {
  zapEvery: 'pretrain.zapEvery',
  resetLayers: 'pretrain.resetLayers',
  optimizer: 'pretrain.optimizer',
  learningRate: 'pretrain.learningRate',
};

/** grid | random | race | halving, with optional early stopping (search-schema.ts, docs/racing.md). */
export { searchSchema } from './search-schema.js';

export const seedsSchema = z.union([
  positiveInt,
  z
    .array(nonNegativeInt)
    .min(1)
    .superRefine((seeds, ctx) => {
      // Each repeat is reported at its own index, so the error points at the line to delete.
      const first = new Map<number, number>();
      seeds.forEach((seed, i) => {
        const at = first.get(seed);
        if (at === undefined) first.set(seed, i);
        else ctx.addIssue({ code: 'custom', path: [i], message: `duplicate seed ${seed} (also at seeds[${at}]); seeds must be distinct` });
      });
    }),
]);

export const localExecutorSchema = z.strictObject({
  kind: z.literal('local'),
  /** Worker processes at once; default one per core. */
  parallelism: positiveInt.optional(),
});

/** A DNS-1123 label (namespaces, names of Kubernetes objects the spec refers to). */
const dnsLabel = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'expected a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit');
/** A DNS-1123 subdomain (service accounts, secrets, priority classes). */
const dnsSubdomain = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'expected a DNS-1123 subdomain: lower-case letters, digits, "-" and "."');
/** A Kubernetes resource quantity such as "500m", "2", "4Gi". */
const quantity = z
  .union([z.string(), z.number().nonnegative()])
  .transform((q) => String(q))
  .pipe(z.string().regex(/^\d+(\.\d+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/, 'expected a Kubernetes quantity like "500m", "2" or "4Gi"'));
const cpuMemory = z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() });
const labelValue = z.string().max(63).regex(/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/, 'expected a label value: at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit');
const labelKey = z.string().regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, 'expected a label key like "example.com/name" or "name"');
/** Environment names zapsweep sets itself; a spec may not override them. */
export const reservedEnvNames = ['JOB_COMPLETION_INDEX', 'ZAPSWEEP_SWEEP_ID', 'ZAPSWEEP_INDEX_OFFSET', 'ZAPSWEEP_EXPECTED_DIGEST', 'ZAPSWEEP_NATS_URL', 'ZAPSWEEP_FAILURE_COUNT', 'ZAPSWEEP_IGNORED_FAILURE_COUNT', 'ZAPSWEEP_BACKEND'] as const;
const envNamePattern = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** Extra container environment; names must be valid and not ones zapsweep sets. */
const envSchema = z.record(z.string(), z.string()).superRefine((env, ctx) => {
  for (const name of Object.keys(env)) {
    if (!envNamePattern.test(name)) {
      ctx.addIssue({ code: 'custom', path: [name], message: `"${name}" is not an environment variable name (letters, digits, "_", "-", ".", not starting with a digit)` });
    } else if ((reservedEnvNames as readonly string[]).includes(name)) {
      ctx.addIssue({ code: 'custom', path: [name], message: `${name} is set by zapsweep itself; choose another name` });
    }
  }
});

export const tolerationSchema = z.strictObject({
  key: z.string().optional(),
  operator: z.enum(['Exists', 'Equal']).optional(),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
  tolerationSeconds: z.number().int().optional(),
});

/** Kubernetes Indexed Jobs (DESIGN.md "Contracts: Kubernetes"); see docs/proposals/kubernetes-executor.md. */
export const kubernetesExecutorSchema = z.strictObject({
  kind: z.literal('kubernetes'),
  /** Default: --namespace, else the kubeconfig context's namespace, else "default". */
  namespace: dnsLabel.optional(),
  /** The worker image (deploy/Dockerfile or deploy/Dockerfile.gpu). */
  image: z.string().min(1).regex(/^[^\s]+$/, 'expected an image reference without spaces'),
  imagePullPolicy: z.enum(['Always', 'IfNotPresent', 'Never']).optional(),
  /** `nvidia.com/gpu` limit per pod; 0 = CPU only. */
  gpus: nonNegativeInt.max(16).default(0),
  /** TensorFlow.js backend the worker forces (default: the best available). */
  backend: z.enum(['tensorflow', 'webgpu', 'wasm', 'cpu']).optional(),
  resources: z.strictObject({ requests: cpuMemory.optional(), limits: cpuMemory.optional() }).optional(),
  nodeSelector: z.record(labelKey, labelValue).optional(),
  tolerations: z.array(tolerationSchema).optional(),
  /** A core/v1 Affinity, passed through (validated against the OpenAPI schema when rendered). */
  affinity: z.record(z.string(), z.unknown()).optional(),
  priorityClassName: dnsSubdomain.optional(),
  serviceAccountName: dnsSubdomain.optional(),
  imagePullSecrets: z.array(dnsSubdomain).optional(),
  /** Extra environment for the worker container. */
  env: envSchema.optional(),
  /** Kueue LocalQueue: adds the `kueue.x-k8s.io/queue-name` label and creates the Jobs suspended. */
  queueName: labelValue.min(1).optional(),
  ttlSecondsAfterFinished: nonNegativeInt.optional(),
  /** Pods at once per Job (default: every index at once, capped by the cluster). */
  parallelism: positiveInt.max(100_000).optional(),
  /** Default: spec.budget.retries. */
  backoffLimitPerIndex: nonNegativeInt.max(20).optional(),
  maxFailedIndexes: nonNegativeInt.max(100_000).optional(),
  /** The NATS URL as the pods reach it (e.g. nats://nats.zapsweep:4222); default: the controller's --nats. */
  natsUrl: z.string().regex(/^(nats|tls|ws|wss):\/\/[^\s]+$/, 'expected a URL like "nats://nats.zapsweep:4222"').optional(),
});

export const executorSchema = z.discriminatedUnion('kind', [localExecutorSchema, kubernetesExecutorSchema]);
export type KubernetesExecutorSpec = z.output<typeof kubernetesExecutorSchema>;

/** A duration: seconds as a number, or a string like "90s", "10m", "2h". */
export const durationSchema = z.union([
  z.number().positive(),
  z.string().regex(/^\d+(\.\d+)?(ms|s|m|h)$/, 'expected a duration like "90s", "10m" or "2h"'),
]);

/** The most trials a sweep may expand to (README "Sweep spec reference"; a Kubernetes Indexed Job's limit). */
export const MAX_SWEEP_TRIALS = 100_000;

export const budgetSchema = z.strictObject({
  maxTrials: positiveInt.max(MAX_SWEEP_TRIALS).default(1000),
  trialTimeout: durationSchema.default('30m'),
  retries: nonNegativeInt.max(20).default(2),
});

export const sweepSchema = z.strictObject({
  apiVersion: z.literal('zapsweep/v1'),
  kind: z.literal('Sweep'),
  metadata: z.strictObject({
    name: z
      .string()
      .max(63)
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'expected a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit'),
    description: z.string().optional(),
  }),
  spec: z.strictObject({
    experiment: experimentSchema.default(() => experimentSchema.parse({})),
    parameters: z.record(z.string(), axisSchema).default({}),
    search: searchSchema.default({ kind: 'grid' }),
    seeds: seedsSchema.default(1),
    executor: executorSchema.default({ kind: 'local' }),
    budget: budgetSchema.default(() => budgetSchema.parse({})),
  }),
});

export type Sweep = z.output<typeof sweepSchema>;
export type SweepInput = z.input<typeof sweepSchema>;
