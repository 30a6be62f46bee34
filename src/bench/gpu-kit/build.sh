#!/usr/bin/env bash
# npm run bench:gpu:kit: builds gpu-kit/ (ignored), everything the GPU bench needs on an air-gapped
# x86-64 Linux machine with an NVIDIA driver and no Node.js, in under 60 MiB:
#   node.xz          this machine's Node binary, xz -9
#   bench/bench.mjs  src/bench/gpu.ts bundled (esbuild) with TensorFlow.js, its webgpu and wasm
#                    backends and the webgpu package's loader; the wasm binaries beside it
#   bench/gpu_reference.py  the PyTorch reference
#   dawn.node.xz     the webgpu package's linux-x64 Dawn binary, xz -9
#   debs/            the Vulkan loader and GL vendor-neutral dispatch libraries (Debian 12 .debs),
#                    used only for the libraries the target lacks
#   run.sh           unpacks into a temporary folder and runs the bench (see run.sh)
# Needs: npm ci done (esbuild is a devDependency), xz, apt-get download (the Debian mirror; or
# the .debs in /var/cache/apt/archives). Building is the only step that needs a network.
#   bash src/bench/gpu-kit/build.sh [KIT_DIR]
#   XZ_LEVEL=0 GPU_KIT_DEBS=none ...   a fast kit without .debs, for tests (uses the system's loader)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
KIT="${1:-$ROOT/gpu-kit}"
LIMIT_MIB=60
XZ_LEVEL="${XZ_LEVEL:-9}"
DEBS=(libvulkan1 libglvnd0 libglx0 libgl1 libegl1 libopengl0 libgles2)

rm -rf "$KIT"
mkdir -p "$KIT/bench" "$KIT/debs"
cd "$ROOT"

echo "gpu-kit: bundling the bench"
npx esbuild src/bench/gpu.ts --bundle --platform=node --format=esm --target=node20 --minify --log-level=warning \
  --external:@tensorflow/tfjs-node --external:@tensorflow/tfjs-node-gpu \
  --banner:js="import { createRequire as __kitRequire } from 'node:module'; import { fileURLToPath as __kitPath } from 'node:url'; const require = __kitRequire(import.meta.url); const __filename = __kitPath(import.meta.url); const __dirname = __kitPath(new URL('.', import.meta.url));" \
  --outfile="$KIT/bench/bench.mjs"
cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm "$KIT/bench/"
cp src/bench/gpu_reference.py "$KIT/bench/"
cp src/bench/gpu-kit/run.sh "$KIT/run.sh"
chmod +x "$KIT/run.sh"

echo "gpu-kit: compressing dawn.node and node (xz -$XZ_LEVEL; a minute or two at -9)"
xz "-$XZ_LEVEL" -T2 -c node_modules/webgpu/dist/linux-x64/dawn.node >"$KIT/dawn.node.xz"
xz "-$XZ_LEVEL" -T2 -c "$(command -v node)" >"$KIT/node.xz"

if [ "${GPU_KIT_DEBS:-}" = none ]; then
  echo "gpu-kit: no .debs (GPU_KIT_DEBS=none)"
else
  echo "gpu-kit: fetching ${DEBS[*]}"
(
  cd "$KIT/debs"
  for pkg in "${DEBS[@]}"; do
    cached=$(ls /var/cache/apt/archives/"${pkg}"_*_amd64.deb 2>/dev/null | tail -1 || true)
    if [ -n "$cached" ]; then cp "$cached" .; else apt-get download -q "$pkg:amd64" 2>/dev/null || apt-get download -q "$pkg"; fi
  done
)
fi

{
  echo "zapsweep GPU kit, built $(date -u +%Y-%m-%dT%H:%MZ) from $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "node $(node --version), webgpu $(node -p "require('./node_modules/webgpu/package.json').version"), tfjs $(node -p "require('./node_modules/@tensorflow/tfjs/package.json').version")"
  (cd "$KIT" && find . -type f ! -name MANIFEST -print0 | sort -z | xargs -0 sha256sum)
} >"$KIT/MANIFEST"

size=$(du -sb "$KIT" | cut -f1)
echo "gpu-kit: $KIT, $((size / 1024 / 1024)) MiB ($size bytes)"
if [ "$size" -ge $((LIMIT_MIB * 1024 * 1024)) ]; then
  echo "gpu-kit: over the ${LIMIT_MIB} MiB limit" >&2
  exit 1
fi
