/**
 * A faster Conv2DBackpropInput for stride 1: the input gradient is a "full" convolution of dy
 * with the spatially flipped filter whose in/out channels are swapped:
 *   dx = conv2d(dy, transpose(reverse(W, [0,1]), [0,1,3,2]), stride 1,
 *               pad = [KH-1-top, KH-1-bottom] x [KW-1-left, KW-1-right])
 * Any other case (stride > 1, NCHW, forward padding wider than the filter) falls through to the
 * backend's original kernel, which is why the original config (and its setupFunc) is kept.
 */
import { backend_util, type KernelBackend, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import { callKernel, release } from './composite.js';

interface InputGradAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

export function conv2dBackpropInputStride1(backendName: string, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, attrs } = args;
    const backend = args.backend as KernelBackend;
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const a = attrs as unknown as InputGradAttrs;
    if (a.dataFormat !== 'NHWC') return fallback(args);
    const info = backend_util.computeConv2DInfo(
      a.inputShape,
      filter.shape as [number, number, number, number],
      a.strides,
      1,
      a.pad,
      a.dimRoundingMode,
    );
    if (info.strideHeight !== 1 || info.strideWidth !== 1) return fallback(args);
    const { filterHeight: KH, filterWidth: KW, padInfo } = info;
    const pads = [KH - 1 - padInfo.top, KH - 1 - padInfo.bottom, KW - 1 - padInfo.left, KW - 1 - padInfo.right];
    if (pads.some((p) => p < 0)) return fallback(args);
    const [pt, pb, pl, pr] = pads as [number, number, number, number];
    // 1. Flip the filter spatially and swap its channel axes: [KH, KW, Co, Ci].
    const flipped = callKernel(backendName, 'Reverse', backend, { x: filter }, { dims: [0, 1] });
    const swapped = callKernel(backendName, 'Transpose', backend, { x: flipped }, { perm: [0, 1, 3, 2] });
    // 2. Full convolution of dy: [N, H, W, Ci].
    const out = callKernel(backendName, 'Conv2D', backend, { x: dy, filter: swapped }, {
      strides: [1, 1],
      dilations: [1, 1],
      pad: [[0, 0], [pt, pb], [pl, pr], [0, 0]],
      dataFormat: 'NHWC',
    });
    release(backend, flipped, swapped);
    return out;
  };
}

/** Wraps the original config: same setupFunc (wasm needs it to bind its C function), new kernelFunc. */
export function conv2dBackpropInputConfig(original: KernelConfig): KernelConfig {
  const config: KernelConfig = {
    kernelName: original.kernelName,
    backendName: original.backendName,
    kernelFunc: conv2dBackpropInputStride1(original.backendName, original.kernelFunc),
  };
  if (original.setupFunc !== undefined) config.setupFunc = original.setupFunc;
  if (original.disposeFunc !== undefined) config.disposeFunc = original.disposeFunc;
  return config;
}
