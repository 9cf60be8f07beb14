#!/usr/bin/env bash
# The WebAssembly drift check (issue 18): rebuild the wasm package from the current sources into
# a temporary directory with bindings/npm/build.sh and fail when any committed file of
# bindings/npm/wasm/ differs byte for byte (the JS/TS glue, the .wasm, BUILD-INFO).
#
# The build is reproducible: release profile, --locked, paths remapped (build.sh), the
# wasm-bindgen CLI pinned to the crate's version; two builds of the same sources from different
# directories give identical bytes (docs/performance.md, "WebAssembly"). What the check cannot
# hide is a different rustc: BUILD-INFO names the compiler of the committed build, so a
# difference there is reported as such.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
committed="$root/bindings/npm/wasm"
fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT

# Byte equality only holds for the compiler that made the committed build.
if ! grep -qxF "rustc: $(rustc -V)" "$committed/BUILD-INFO" 2>/dev/null; then
  echo "SKIP: wasm drift check because this machine's $(rustc -V) is not the compiler of the committed build ($(grep '^rustc:' "$committed/BUILD-INFO" 2>/dev/null || echo 'unknown')); rebuild with bash bindings/npm/build.sh to compare" >&2
  exit 0
fi

bash "$root/bindings/npm/build.sh" "$fresh"

status=0
for f in spur_wasm.js spur_wasm.d.ts spur_wasm_bg.wasm.d.ts spur_wasm_bg.wasm BUILD-INFO; do
  if [ ! -f "$committed/$f" ]; then
    echo "DRIFT: bindings/npm/wasm/$f is missing" >&2
    status=1
  elif ! cmp -s "$fresh/$f" "$committed/$f"; then
    echo "DRIFT: bindings/npm/wasm/$f differs from a build of the current sources" >&2
    status=1
  fi
done
for f in "$committed"/*; do
  [ -e "$fresh/$(basename "$f")" ] || { echo "DRIFT: bindings/npm/wasm/$(basename "$f") is not produced by the build" >&2; status=1; }
done

if [ "$status" != 0 ]; then
  echo "--- committed BUILD-INFO vs fresh build:" >&2
  diff "$committed/BUILD-INFO" "$fresh/BUILD-INFO" >&2 || true
  if ! grep -qxF "rustc: $(rustc -V)" "$committed/BUILD-INFO" 2>/dev/null; then
    echo "note: the committed build was made by another rustc (see above); rebuild with this one." >&2
  fi
  echo "The committed WebAssembly build is stale. Regenerate and commit it:" >&2
  echo "  bash bindings/npm/build.sh && git add bindings/npm/wasm" >&2
  exit 1
fi
echo "bindings/npm/wasm/ matches a fresh build of the current sources ($(wc -c <"$committed/spur_wasm_bg.wasm") bytes)"
