/**
 * A faster MaxPoolGrad for non-overlapping windows (filter = stride, 'valid' padding, the pooling
 * every conv block of our model uses), composed from the backend's own kernels:
 *   crop x to whole windows -> view as [N,OH,OW,C,kh*kw] -> ArgMax (first maximum, the same tie
 *   rule as the reference kernels) -> OneHot * dy -> back to [N,H,W,C], zero-padded where cropped.
 * Everything else falls through to the backend's original kernel (kept with its setupFunc).
 */
import { type KernelBackend, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { callKernel, pair, release } from './composite.js';

interface MaxPoolGradAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: unknown;
  dimRoundingMode?: string;
}

export function maxPoolGradNonOverlapping(backendName: string, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
    const a = args.attrs as unknown as MaxPoolGradAttrs;
    const [kh, kw] = pair(a.filterSize);
    const [sh, sw] = pair(a.strides);
    if (kh !== sh || kw !== sw || a.pad !== 'valid' || input.shape.length !== 4 || input.dtype !== 'float32') {
      return fallback(args);
    }
    const backend = args.backend as KernelBackend;
    const [n, h, w, c] = input.shape as [number, number, number, number];
    const oh = Math.floor(h / kh);
    const ow = Math.floor(w / kw);
    if (oh === 0 || ow === 0) return fallback(args);
    const k = (name: string, inputs: Record<string, TensorInfo>, attrs: Record<string, unknown>): TensorInfo =>
      callKernel(backendName, name, backend, inputs, attrs as never);
    const tmp: TensorInfo[] = [];
    const keep = <T extends TensorInfo>(t: T): T => (tmp.push(t), t);
    // 1. Whole windows only.
    let x = input;
    if (oh * kh !== h || ow * kw !== w) x = keep(k('Slice', { x }, { begin: [0, 0, 0, 0], size: [n, oh * kh, ow * kw, c] }));
    // 2. Windows as the last axis: [N,OH,OW,C,kh*kw].
    const x6 = keep(k('Reshape', { x }, { shape: [n, oh, kh, ow, kw, c] }));
    const xt = keep(k('Transpose', { x: x6 }, { perm: [0, 1, 3, 5, 2, 4] }));
    const xw = keep(k('Reshape', { x: xt }, { shape: [n, oh, ow, c, kh * kw] }));
    // 3. Route dy to the first maximum of each window.
    const arg = keep(k('ArgMax', { x: xw }, { axis: [4] }));
    // (wasm's OneHot writes int32 whatever the dtype attribute says: ask for int32, then cast.)
    const hotInt = keep(k('OneHot', { indices: arg }, { depth: kh * kw, onValue: 1, offValue: 0, dtype: 'int32' }));
    const hot = keep(k('Cast', { x: hotInt }, { dtype: 'float32' }));
    const dy5 = keep(k('Reshape', { x: dy }, { shape: [n, oh, ow, c, 1] }));
    const routed = keep(k('Multiply', { a: hot, b: dy5 }, {}));
    // 4. Back to the input layout.
    const r6 = keep(k('Reshape', { x: routed }, { shape: [n, oh, ow, c, kh, kw] }));
    const rt = keep(k('Transpose', { x: r6 }, { perm: [0, 1, 4, 2, 5, 3] }));
    let out = k('Reshape', { x: rt }, { shape: [n, oh * kh, ow * kw, c] });
    if (oh * kh !== h || ow * kw !== w) {
      tmp.push(out);
      out = k('PadV2', { x: out }, { paddings: [[0, 0], [0, h - oh * kh], [0, w - ow * kw], [0, 0]], constantValue: 0 });
    }
    release(backend, ...tmp);
    return out;
  };
}

export function maxPoolGradConfig(original: KernelConfig): KernelConfig {
  const config: KernelConfig = {
    kernelName: original.kernelName,
    backendName: original.backendName,
    kernelFunc: maxPoolGradNonOverlapping(original.backendName, original.kernelFunc),
  };
  if (original.setupFunc !== undefined) config.setupFunc = original.setupFunc;
  if (original.disposeFunc !== undefined) config.disposeFunc = original.disposeFunc;
  return config;
}
