#!/bin/sh
# Rebuilds ops.wasm (committed) from ops.c: Debian 12 `apt-get install -y clang-16 lld-16`.
# The module must have no data segment and use no linear-memory stack: it runs on a memory whose
# bytes all belong to the engine's arena (see ops.c). wasm-ld is called directly so no wasm-opt runs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT_DIR:-"$here"}
CLANG=${CLANG:-clang-16}
WASM_LD=${WASM_LD:-wasm-ld-16}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$CLANG" --target=wasm32 -O3 -msimd128 -matomics -mbulk-memory -fno-builtin -ffreestanding -nostdlib \
  -c "$here/ops.c" -o "$tmp/ops.o"
# the kernels may not touch a stack in linear memory, nor call memset/memcpy
"$CLANG" --target=wasm32 -O3 -msimd128 -matomics -mbulk-memory -fno-builtin -ffreestanding -nostdlib \
  -S "$here/ops.c" -o "$tmp/ops.s"
if grep -q "__stack_pointer\|memory\.fill\|memory\.copy\|call " "$tmp/ops.s"; then
  echo "build.sh: ops.c uses the linear-memory stack or a call; keep every kernel in locals" >&2
  exit 1
fi
"$WASM_LD" --no-entry --import-memory --shared-memory --max-memory=4294967296 --initial-memory=65536 \
  -z stack-size=0 --global-base=0 --strip-all "$tmp/ops.o" -o "$out/ops.wasm"
echo "built $out/ops.wasm ($(wc -c <"$out/ops.wasm") bytes)"
