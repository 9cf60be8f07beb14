#!/usr/bin/env bash
# Build the WebAssembly module and its JavaScript glue into bindings/npm/wasm/ (committed: the
# spur binary embeds it for the offline form, and `cargo test` must pass on a fresh clone without
# a wasm toolchain). Needs `rustup target add wasm32-unknown-unknown` and the wasm-bindgen CLI of
# exactly the version the `wasm-bindgen` crate is pinned to in Cargo.toml:
#   cargo install wasm-bindgen-cli --version "$(bash bindings/npm/build.sh --wasm-bindgen-version)" --locked
# Paths are remapped so the module is the same bytes wherever the checkout is.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
version="$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"$/\1/p' "$root/Cargo.toml")"
if [ "${1:-}" = "--wasm-bindgen-version" ]; then
  echo "$version"
  exit 0
fi
out="${1:-$root/bindings/npm/wasm}"
have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')"
if [ "$have" != "$version" ]; then
  echo "error: wasm-bindgen CLI $version needed (found: ${have:-none}); run:" >&2
  echo "  cargo install wasm-bindgen-cli --version $version --locked" >&2
  exit 1
fi
cd "$root"
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
RUSTFLAGS="--remap-path-prefix=$root=/spur --remap-path-prefix=$cargo_home=/cargo" \
  cargo build -p spur-wasm --target wasm32-unknown-unknown --release --locked
mkdir -p "$out"
wasm-bindgen --target web --out-dir "$out" --out-name spur_wasm \
  "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/spur_wasm.wasm"
# What made these bytes: bindings/npm/check-drift.sh rebuilds and compares every file here,
# this one included, so a different compiler shows up by name.
{
  echo "# Written by bindings/npm/build.sh; compared by bindings/npm/check-drift.sh."
  echo "rustc: $(rustc -V)"
  echo "wasm-bindgen: $version"
  for f in spur_wasm_bg.wasm spur_wasm.js spur_wasm.d.ts spur_wasm_bg.wasm.d.ts; do
    echo "sha256 $f: $(sha256sum "$out/$f" | awk '{print $1}')"
  done
} >"$out/BUILD-INFO"
echo "built $out/spur_wasm_bg.wasm ($(wc -c <"$out/spur_wasm_bg.wasm") bytes, $(gzip -9c "$out/spur_wasm_bg.wasm" | wc -c) gzipped)"
