#!/usr/bin/env bash
# zapsweep GPU kit: runs the GPU bench (tfjs webgpu + wasm, and PyTorch on the same device when
# python3 imports torch) on an x86-64 Linux machine without Node.js or a network.
#   ./run.sh [bench options, e.g. --full or --steps 50]     OUT=/some/dir ./run.sh
# 1. unpacks node, the bench and dawn.node into a temporary folder (removed at exit);
# 2. supplies the Vulkan loader / GL dispatch libraries from debs/ for those this system lacks;
# 3. points Vulkan at the NVIDIA ICD when one is present (/usr/local/nvidia/share/vulkan/icd.d/
#    nvidia_icd.json on the project's borrowed machines) unless VK_DRIVER_FILES is already set;
#    without one, Vulkan finds whatever driver is installed (lavapipe: a software adapter);
# 4. runs the bench; with $OUT set, its JSON lines and table go to $OUT/gpu-bench.{jsonl,md}.
set -euo pipefail
shopt -s nullglob
KIT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/zapsweep-gpu-kit.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
say() { echo "gpu-kit: $*" >&2; }

# 1. Unpack.
xz -dc "$KIT/node.xz" >"$WORK/node"
chmod +x "$WORK/node"
cp -R "$KIT/bench" "$WORK/bench"
mkdir -p "$WORK/bench/dist/linux-x64"
xz -dc "$KIT/dawn.node.xz" >"$WORK/bench/dist/linux-x64/dawn.node"

# 2. Libraries this system lacks, from the kit's .debs (never over the system's own).
ldcache() { { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null || true; } | awk '{print $1}'; }
have="$(ldcache)"
mkdir -p "$WORK/root" "$WORK/lib"
for deb in "$KIT"/debs/*.deb; do
  if command -v dpkg-deb >/dev/null 2>&1; then
    dpkg-deb -x "$deb" "$WORK/root"
  else
    (cd "$WORK" && rm -f data.tar.* && ar x "$deb" && tar -xf data.tar.* -C "$WORK/root" && rm -f data.tar.* control.tar.* debian-binary)
  fi
done
added=()
for so in "$WORK"/root/usr/lib/x86_64-linux-gnu/*.so.[0-9]; do
  name="$(basename "$so")"
  if ! grep -qx "$name" <<<"$have"; then ln -s "$so" "$WORK/lib/$name"; added+=("$name"); fi
done
for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do [ -d "$d" ] && LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$d"; done
export LD_LIBRARY_PATH="$WORK/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
[ ${#added[@]} -gt 0 ] && say "from the kit: ${added[*]}"

# 3. The NVIDIA Vulkan ICD, when present.
if [ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ]; then
  for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
    if [ -e "$icd" ]; then
      export VK_DRIVER_FILES="$icd" VK_ICD_FILENAMES="$icd"
      say "Vulkan ICD: $icd"
      break
    fi
  done
fi
command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >&2 || true

# 4. Run.
args=("$@")
if [ -n "${OUT:-}" ]; then args+=(--out "$OUT"); fi
"$WORK/node" "$WORK/bench/bench.mjs" "${args[@]}"
