"""Python call overhead (docs/performance.md): grade the seed from Python, text -> dict, beside
the raw native call (text -> JSON text) of the same process.

    python bindings/python/scripts/bench.py          # after `maturin develop --release`
    cargo run --release -p spur-embed --example grade_seed   # the native baseline
"""

import json
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


GRADING_JSON = _spur.grade(SEED, "<string>")

for label, fn in [
    ("spur.grade(seed) (text -> dict)", lambda: spur.grade(SEED)),
    ("spur._spur.grade(seed) (text -> JSON text: the native call alone)", lambda: _spur.grade(SEED, "<string>")),
    ("json.loads of the grading JSON (the dict conversion alone)", lambda: json.loads(GRADING_JSON)),
    ("spur.catalog() (JSON text -> dict)", spur.catalog),
]:
    us, n = per_call(fn)
    print(f"python: {label} {us:.1f} µs per call over {n} calls")
