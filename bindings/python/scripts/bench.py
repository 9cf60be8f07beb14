"""Python call overhead (docs/performance.md): grade the seed from Python, text -> dict, beside
the raw native call (text -> JSON text) of the same process.

    python bindings/python/scripts/bench.py          # after `maturin develop --release`
    cargo run --release -p spur-embed --example grade_seed   # the native baseline
"""

import pathlib
import time

import spur
from spur import _spur

SEED = (pathlib.Path(__file__).resolve().parents[3] / "fixtures" / "seed-vardcentral.toml").read_text(encoding="utf-8")


def per_call(fn, n=2000, warm=200):
    for _ in range(warm):
        fn()
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) * 1e6 / n, n


for label, fn in [
    ("spur.grade(seed) (text -> dict)", lambda: spur.grade(SEED)),
    ("spur._spur.grade (text -> JSON text, no json.loads)", lambda: _spur.grade(SEED, "<string>")),
    ("spur.catalog() (JSON text -> dict)", spur.catalog),
    ("spur._spur.schema('grading') (a call doing almost nothing)", lambda: _spur.schema("grading")),
]:
    us, n = per_call(fn)
    print(f"python: {label} {us:.1f} µs per call over {n} calls")
