#!/usr/bin/env bash
# Check the inspection TOML documents with the editors' own tool: taplo (npm @taplo/cli) and
# the committed docs/schema/inspection.schema.json. Valid fixtures and the valid corpus must
# pass; every invalid corpus document the schema can reject (not `validator-only-*`) must fail.
set -euo pipefail
cd "$(dirname "$0")/../.."

taplo=taplo
if ! command -v taplo >/dev/null 2>&1; then
  prefix="${TMPDIR:-/tmp}/spur-taplo"
  npm install --silent --no-audit --no-fund --prefix "$prefix" @taplo/cli@0.7.0 >/dev/null 2>&1 \
    || npm install --silent --no-audit --no-fund --prefix "$prefix" @taplo/cli >/dev/null
  taplo="$prefix/node_modules/.bin/taplo"
fi
schema="file://$PWD/docs/schema/inspection.schema.json"
check() { RUST_LOG=error "$taplo" check --schema "$schema" "$1" >/tmp/spur-taplo.out 2>&1; }

failed=0
for f in fixtures/*.toml fixtures/overview/*.toml tests/contracts/valid/*.toml; do
  case "$f" in
    *supervision-log*) continue ;;          # a supervision log, not an inspection
    fixtures/overview/trasig.toml) continue ;;  # deliberately broken TOML
  esac
  if ! check "$f"; then
    echo "taplo rejects valid $f:"; cat /tmp/spur-taplo.out; failed=1
  fi
done
for f in tests/contracts/invalid/*.toml; do
  case "$(basename "$f")" in validator-only-*) continue ;; esac
  if check "$f"; then
    echo "taplo accepts invalid $f"; failed=1
  fi
done
if [ "$failed" = 0 ]; then echo "taplo: every fixture and corpus document checked against inspection.schema.json"; fi
exit "$failed"
