/**
 * Pure: what a WebGPU adapter is, in the words the `started` event and the live view use, and
 * whether it is a software rasteriser (Mesa's lavapipe/llvmpipe, SwiftShader, WARP). A software
 * adapter trains correctly but slower than wasm on a real CPU core, so it is never picked
 * automatically; `--backend webgpu` may still force it (that is how CI tests the backend).
 */
export interface AdapterReport {
  readonly vendor: string;
  readonly architecture: string;
  readonly description: string;
  readonly isSoftware: boolean;
}

/** The fields of a GPUAdapterInfo (Dawn fills them; browsers may leave them empty). */
export interface RawAdapterInfo {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  /** Newer spec; Dawn sets it for CPU adapters. */
  readonly isFallbackAdapter?: boolean;
}

const SOFTWARE = /\b(llvmpipe|lavapipe|swiftshader|softpipe|microsoft basic render|warp)\b/i;

export function isSoftwareAdapter(info: RawAdapterInfo): boolean {
  if (info.isFallbackAdapter === true) return true;
  if ((info.architecture ?? '').toLowerCase() === 'software') return true;
  return SOFTWARE.test(`${info.description ?? ''} ${info.device ?? ''}`);
}

export function adapterReport(info: RawAdapterInfo): AdapterReport {
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    description: info.description || info.device || '',
    isSoftware: isSoftwareAdapter(info),
  };
}

/** One line: "nvidia hopper (NVIDIA H200)" or "mesa software (llvmpipe ...), software adapter". */
export function adapterLine(a: AdapterReport): string {
  const head = [a.vendor, a.architecture].filter((s) => s !== '').join(' ') || 'unknown adapter';
  const desc = a.description === '' ? '' : ` (${a.description})`;
  return `${head}${desc}${a.isSoftware ? ', software adapter' : ''}`;
}
