/**
 * A faster MaxPoolGrad for non-overlapping windows (filter = stride, 'valid' padding, the pooling
 * every conv block of our model uses), composed from the backend's own kernels:
 *   crop x to whole windows -> view as [N,OH,OW,C,kh*kw] -> ArgMax (first maximum, the same tie
 *   rule as the reference kernels) -> OneHot * dy -> back to [N,H,W,C], zero-padded where cropped.
 * On a backend whose tensors live in one heap it can view (wasm: `makeOutput`,
 * `typedArrayFromHeap`) the same routing is one direct pass instead: 17 -> 5 ms of a reference-model
 * step (tf.profile, quiet machine). Everything else falls through to the backend's original kernel (kept with
 * its setupFunc).
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
    if (isHeapBackend(backend)) return direct(backend, input, dy, [n, h, w, c], kh, kw);
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

/** A backend whose tensors are views of one heap (tfjs-backend-wasm). */
interface HeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): ArrayLike<number>;
}

function isHeapBackend(b: unknown): b is HeapBackend {
  const o = b as Partial<HeapBackend>;
  return typeof o.makeOutput === 'function' && typeof o.typedArrayFromHeap === 'function';
}

/** dx: dy routed to the first maximum (row-major within the window) of each whole window; 0 elsewhere. */
function direct(backend: HeapBackend, input: TensorInfo, dy: TensorInfo, [n, h, w, c]: [number, number, number, number], kh: number, kw: number): TensorInfo {
  const out = backend.makeOutput([n, h, w, c], 'float32');
  // Views only after the allocation: growing the heap detaches earlier views.
  const dx = backend.typedArrayFromHeap(out) as Float32Array;
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  dx.fill(0);
  const oh = Math.floor(h / kh);
  const ow = Math.floor(w / kw);
  const rowStride = w * c;
  let gi = 0;
  for (let b = 0; b < n; b++) {
    const base = b * h * rowStride;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const corner = base + oy * kh * rowStride + ox * kw * c;
        if (kh === 2 && kw === 2) {
          // The model's pooling, unrolled: the four candidates in the tie order (first maximum).
          for (let ch = 0; ch < c; ch++, gi++) {
            const a = corner + ch;
            const b2 = a + c;
            const c2 = a + rowStride;
            const d = c2 + c;
            let best = a;
            let bestValue = x[a] as number;
            if ((x[b2] as number) > bestValue) {
              best = b2;
              bestValue = x[b2] as number;
            }
            if ((x[c2] as number) > bestValue) {
              best = c2;
              bestValue = x[c2] as number;
            }
            if ((x[d] as number) > bestValue) best = d;
            dx[best] = g[gi] as number;
          }
          continue;
        }
        for (let ch = 0; ch < c; ch++, gi++) {
          let best = corner + ch;
          let bestValue = x[best] as number;
          for (let i = 0; i < kh; i++) {
            for (let j = 0; j < kw; j++) {
              const at = corner + i * rowStride + j * c + ch;
              const v = x[at] as number;
              if (v > bestValue) {
                bestValue = v;
                best = at;
              }
            }
          }
          dx[best] = g[gi] as number;
        }
      }
    }
  }
  return out;
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
