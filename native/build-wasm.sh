#!/bin/sh
# Rebuilds the committed WebAssembly kernels from native/wasm/*.c. Only people changing a kernel need
# this: Debian 12 `apt-get install -y clang-16 lld-16` (or any clang >= 16 with wasm-ld on PATH).
# wasm-ld is called directly, because clang would run an old binaryen `wasm-opt` if one is on PATH.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# OUT_DIR lets a test rebuild elsewhere and compare with the committed file.
out=${OUT_DIR:-"$here/../src/engine/embedded/kernels/wasm"}
find_tool() {
  for candidate in "$@"; do
    if command -v "$candidate" >/dev/null 2>&1; then echo "$candidate"; return 0; fi
  done
  echo "build-wasm: none of [$*] found; install clang-16 and lld-16" >&2
  exit 1
}
CLANG=${CLANG:-$(find_tool clang-16 clang-17 clang-18 clang)}
WASM_LD=${WASM_LD:-$(find_tool wasm-ld-16 wasm-ld-17 wasm-ld-18 wasm-ld)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
for src in "$here"/wasm/*.c; do
  name=$(basename "$src" .c)
  # atomics + bulk-memory are required for a shared (multi-threaded) imported memory.
  "$CLANG" --target=wasm32 -O3 -msimd128 -matomics -mbulk-memory -fno-builtin -ffreestanding \
    -nostdlib -c "$src" -o "$tmp/$name.o"
  # The module imports a shared memory of up to 4 GiB; the JS side picks the actual size.
  "$WASM_LD" --no-entry --import-memory --shared-memory --max-memory=4294967296 \
    -z stack-size=16384 --export=__heap_base --strip-all "$tmp/$name.o" -o "$out/$name.wasm"
  echo "built $out/$name.wasm ($(wc -c <"$out/$name.wasm") bytes)"
done
