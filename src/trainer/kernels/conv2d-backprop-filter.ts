/**
 * Conv2DBackpropFilter for backends that lack it (wasm 4.22), built from the backend's own
 * Conv2D, Transpose and Slice kernels.
 *
 * dW[kh,kw,ci,co] = sum_{n,oh,ow} x[n, oh*s + kh - padTop, ow*s + kw - padLeft, ci] * dy[n,oh,ow,co]
 * which is a stride-1 convolution of x^T ([Ci,H,W,N]: channels become the batch, the batch the
 * channels) with dy^T ([OH,OW,N,Co] as the filter), dilation = the forward stride, giving
 * [Ci,KH,KW,Co] -> transposed to [KH,KW,Ci,Co]. Padding is explicit: the forward top/left padding,
 * and a bottom/right padding that makes the output exactly KH x KW (negative means rows of x
 * that the forward conv never read, which are cropped).
 * Supports NHWC, forward dilation 1 (tfjs's conv2d gradient rejects dilation > 1 anyway).
 */
import {
  backend_util,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { callKernel, pair, release, type Attrs } from './composite.js';
import { ZapsweepError } from '../../errors.js';

export interface FilterGradAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

export class UnsupportedConvError extends ZapsweepError {
  override readonly name = 'UnsupportedConvError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { cause: options?.cause, retryable: false });
  }
}

export function conv2dBackpropFilterComposite(backendName: string): KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const a = attrs as unknown as FilterGradAttrs;
    if (a.dataFormat !== 'NHWC') throw new UnsupportedConvError(`Conv2DBackpropFilter on ${backendName}: only NHWC is supported`);
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      a.filterShape,
      a.strides,
      1,
      a.pad,
      a.dimRoundingMode,
    );
    return filterGrad(backendName, backend as KernelBackend, x, dy, info);
  };
}

function filterGrad(
  name: string,
  backend: KernelBackend,
  x: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const { inHeight: H, inWidth: W, outHeight: OH, outWidth: OW, filterHeight: KH, filterWidth: KW } = info;
  const [sh, sw] = pair([info.strideHeight, info.strideWidth]);
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  // 1. Bottom/right padding so that the output is exactly KH x KW; crop when negative.
  const bottom = (OH - 1) * sh + KH - H - top;
  const right = (OW - 1) * sw + KW - W - left;
  const tmp: TensorInfo[] = [];
  // 2. x^T: [Ci, H, W, N].
  let xT = callKernel(name, 'Transpose', backend, { x }, { perm: [3, 1, 2, 0] });
  tmp.push(xT);
  if (bottom < 0 || right < 0) {
    const [ci, , , n] = xT.shape as [number, number, number, number];
    xT = callKernel(name, 'Slice', backend, { x: xT }, {
      begin: [0, 0, 0, 0],
      size: [ci, H + Math.min(bottom, 0), W + Math.min(right, 0), n],
    });
    tmp.push(xT);
  }
  // 3. dy^T as the filter: [OH, OW, N, Co].
  const dyT = callKernel(name, 'Transpose', backend, { x: dy }, { perm: [1, 2, 0, 3] });
  tmp.push(dyT);
  // 4. Stride-1 convolution with dilation = forward stride: [Ci, KH, KW, Co].
  const convAttrs: Attrs = {
    strides: [1, 1],
    dilations: [sh, sw],
    pad: [[0, 0], [top, Math.max(bottom, 0)], [left, Math.max(right, 0)], [0, 0]],
    dataFormat: 'NHWC',
  };
  const g = callKernel(name, 'Conv2D', backend, { x: xT, filter: dyT }, convAttrs);
  tmp.push(g);
  // 5. Back to the filter layout [KH, KW, Ci, Co].
  const out = callKernel(name, 'Transpose', backend, { x: g }, { perm: [1, 2, 0, 3] });
  release(backend, ...tmp);
  return out;
}

/** The kernel config to register for `backendName` (it has no setupFunc of its own). */
export function conv2dBackpropFilterConfig(backendName: string): KernelConfig {
  return {
    kernelName: 'Conv2DBackpropFilter',
    backendName,
    kernelFunc: conv2dBackpropFilterComposite(backendName),
  };
}
