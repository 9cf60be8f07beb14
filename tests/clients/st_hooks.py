"""schemathesis hooks for spur (loaded through SCHEMATHESIS_HOOKS=st_hooks by run.sh).

A TOML request body is declared as a string: any generated string is "schema-valid", but almost
none is a TOML inspection document. Positive cases with a TOML body therefore send the seed
(fixtures/seed-vardcentral.toml) with the generated query parameters; negative cases are left
as generated.
"""

import pathlib

import schemathesis
from schemathesis.generation import GenerationMode

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEED_TOML = (ROOT / "fixtures" / "seed-vardcentral.toml").read_text(encoding="utf-8")


@schemathesis.hook
def map_case(ctx, case):
    meta = getattr(case, "_meta", None)
    positive = meta is not None and meta.generation.mode == GenerationMode.POSITIVE
    if positive and case.media_type == "application/toml":
        case.body = SEED_TOML
    return case
