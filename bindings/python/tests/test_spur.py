"""The Python package against the seed and bad input (issue 18, item 3)."""

from __future__ import annotations

import html
import json
import pathlib

import pytest

import spur

ROOT = pathlib.Path(__file__).resolve().parents[3]
SEED_PATH = ROOT / "fixtures" / "seed-vardcentral.toml"
SEED = SEED_PATH.read_text(encoding="utf-8")
SCHEMA = ROOT / "docs" / "schema"


def d_to_c(grading):
    """{area: [True/False per regulation]}: whether the area went D → C (adjusted)."""
    return {
        a["area"]: [r["computed"] == "D" and r["final"] == "C" and r["adjusted"] is True for r in a["results"]]
        for a in grading["areas"]
    }


def test_seed_grades_d_to_c_for_d_e_h_under_both_regulations():
    grading = spur.grade(SEED_PATH)
    assert len(grading["areas"]) == 8
    regulations = set()
    for area, flags in d_to_c(grading).items():
        assert len(flags) == 2, area
        assert flags == [area in ("D", "E", "H")] * 2, area
    for a in grading["areas"]:
        regulations.update(r["regulation"] for r in a["results"])
    assert len(regulations) == 2
    assert grading["handlingsplan_required"] is True


def test_grading_has_the_schema_shape():
    grading = spur.grade(SEED)
    schema = json.loads((SCHEMA / "grading.schema.json").read_text(encoding="utf-8"))
    assert set(schema["required"]) <= set(grading)
    assert set(grading) <= set(schema["properties"])
    assert grading == spur.grade(SEED_PATH)
    try:
        import jsonschema  # optional: validated fully when installed
    except ImportError:
        return
    jsonschema.validate(grading, schema)


def test_paths_and_text_both_work(tmp_path):
    as_json = spur.convert(SEED, "json")
    json_file = tmp_path / "seed.json"
    json_file.write_text(as_json, encoding="utf-8")
    toml_file = tmp_path / "seed.toml"
    toml_file.write_text(SEED, encoding="utf-8")
    expected = spur.grade(SEED)
    assert spur.grade(as_json) == expected  # JSON text, recognised from the content
    assert spur.grade(as_json, input_format="json") == expected
    assert spur.grade(json_file) == expected  # pathlib.Path, format from the extension
    assert spur.grade(str(json_file)) == expected  # str naming a file
    assert spur.grade(toml_file) == expected
    assert spur.grade(SEED.encode("utf-8")) == expected  # bytes are the document
    assert spur.validate(str(toml_file)) == spur.validate(SEED_PATH)
    with pytest.raises(FileNotFoundError):
        spur.grade(tmp_path / "missing.toml")
    with pytest.raises(FileNotFoundError):
        spur.grade(str(tmp_path / "missing.toml"))
    with pytest.raises(TypeError):
        spur.grade(42)


def _bad_seed():
    bad = SEED.replace('"D.F6" = ', '"D.F66" = ', 1)
    line = next(i for i, l in enumerate(bad.splitlines(), 1) if l.startswith('"D.F66"'))
    return bad, line


def test_bad_input_raises_invalid_document_with_located_diagnostics():
    bad, line = _bad_seed()
    with pytest.raises(spur.InvalidDocument) as info:
        spur.grade(bad)
    e = info.value
    assert isinstance(e, ValueError)
    first = e.diagnostics[0]
    assert first["code"] == "unknown-criterion"
    assert first["severity"] == "error"
    assert (first["line"], first["column"]) == (line, 1)
    assert first["location"] == {"file": "<string>", "line": line, "column": 1}
    assert "D.F6" in first["hint"]
    assert {"code", "severity", "message", "line", "column", "hint", "path"} <= set(first)
    assert e.errors and all(d["severity"] == "error" for d in e.errors)
    text = str(e)
    assert "error" in text and f"<string>:{line}:1" in text and "D.F66" in text
    # every entry point raises the same way
    for call in (spur.report, spur.handlingsplan, spur.convert):
        with pytest.raises(spur.InvalidDocument):
            call(bad)


def test_bad_file_is_located_in_the_file(tmp_path):
    bad, line = _bad_seed()
    path = tmp_path / "bad.toml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(spur.InvalidDocument) as info:
        spur.grade(path)
    loc = info.value.diagnostics[0]["location"]
    assert (loc["file"], loc["line"], loc["column"]) == (str(path), line, 1)


def test_syntax_errors_empty_and_non_utf8_input():
    with pytest.raises(spur.InvalidDocument) as info:
        spur.grade("[inspection\nunit = 1")
    d = info.value.diagnostics[0]
    assert d["code"] == "syntax" and d["line"] == 1
    with pytest.raises(spur.InvalidDocument) as info:
        spur.grade('{"inspection": ')
    assert info.value.diagnostics[0]["line"] == 1
    with pytest.raises(spur.InvalidDocument):
        spur.grade("")
    with pytest.raises(spur.InvalidDocument) as info:
        spur.grade(b"[inspection]\nunit = \"\xff\"\n")
    assert (info.value.diagnostics[0]["line"], info.value.diagnostics[0]["column"]) == (2, 9)


def test_validate_returns_the_diagnostics():
    assert all(d["severity"] == "warning" for d in spur.validate(SEED))
    bad, line = _bad_seed()
    diagnostics = spur.validate(bad)
    errors = [d for d in diagnostics if d["severity"] == "error"]
    assert errors[0]["code"] == "unknown-criterion"
    assert errors[0]["line"] == line
    # the handlingsplan entry for D.F6 no longer names a brist: a second, later error
    assert [d["code"] for d in errors[1:]] == ["plan-entry-not-brist"]
    assert errors[1]["line"] > line
    lines = [d["line"] for d in diagnostics if d["line"] is not None]
    assert lines == sorted(lines)
    v = spur.check(bad)
    assert v["valid"] is False and v["errors"][0]["line"] == line
    assert spur.check(SEED)["valid"] is True


def test_report_md_and_html_contain_criterion_texts():
    catalog = spur.catalog()
    criteria = {c["id"]: c for a in catalog["areas"] for c in a["criteria"]}
    md_sv = spur.report(SEED_PATH, format="md", lang="sv")
    html_sv = spur.report(SEED_PATH, format="html", lang="sv")
    md_en = spur.report(SEED_PATH, format="md", lang="en")
    assert isinstance(md_sv, str) and isinstance(html_sv, str)
    assert html_sv.lstrip().lower().startswith("<!doctype html")
    for cid in ("D.F6", "E.F4"):
        assert criteria[cid]["sv"] in md_sv, cid
        assert html.escape(criteria[cid]["sv"], quote=False) in html_sv or criteria[cid]["sv"] in html_sv, cid
        assert criteria[cid]["en"] in md_en, cid
    report_json = json.loads(spur.report(SEED, "json"))
    assert report_json["grading"] == spur.grade(SEED)


def test_binary_report_is_bytes():
    docx = spur.report(SEED, "docx", "en")
    assert isinstance(docx, bytes) and docx[:2] == b"PK"
    xlsx = spur.handlingsplan(SEED, "xlsx")
    assert isinstance(xlsx, bytes) and xlsx[:2] == b"PK"


def test_bad_arguments_raise_value_error():
    with pytest.raises(ValueError) as info:
        spur.report(SEED, "pdf")
    assert not isinstance(info.value, spur.InvalidDocument)
    with pytest.raises(ValueError):
        spur.report(SEED, "md", "de")
    with pytest.raises(ValueError):
        spur.grade(SEED, input_format="yaml")
    with pytest.raises(ValueError):
        spur.schema("nope")


def test_handlingsplan_template():
    plan = spur.handlingsplan(SEED_PATH)
    assert isinstance(plan, str)
    for cid in ("D.F6", "E.F4"):
        assert cid in plan
    csv = spur.handlingsplan(SEED, "csv", "sv")
    assert ";" in csv
    toml = spur.handlingsplan(SEED, format="toml", lang="en")
    assert "handlingsplan" in toml
    assert "<html" in spur.handlingsplan(SEED, "html").lower()


def test_tolerance():
    assert spur.grade(SEED, tolerance=0)["settings"]["tolerance"] == 0
    assert spur.grade(SEED)["settings"]["tolerance"] == 1


def test_catalog_has_8_areas():
    catalog = spur.catalog()
    assert len(catalog["areas"]) == 8
    assert [a["id"] for a in catalog["areas"]] == list("ABCDEFGH")
    assert any(c["id"] == "D.F6" for a in catalog["areas"] for c in a["criteria"])
    assert spur.schema("grading")["title"]


def test_package_is_typed():
    pkg = pathlib.Path(spur.__file__).parent
    assert (pkg / "py.typed").exists()
    assert (pkg / "__init__.pyi").exists()
    assert spur.__version__


KARD = (ROOT / "fixtures" / "kardiologi" / "enhet.toml").read_text(encoding="utf-8")
KARD_NO_K = (ROOT / "fixtures" / "kardiologi" / "utan-indikatorer.toml").read_text(encoding="utf-8")
KARD_SET = (ROOT / "fixtures" / "kardiologi" / "indicators" / "kardiologi.toml").read_text(encoding="utf-8")


def test_kardiologi_with_and_without_a_user_indicator_set():
    """Issue 19: a kardiologi unit graded with a user-supplied indicator set, and without one
    (A–B where only the indicators decide)."""
    g = spur.grade(KARD, indicator_sets=[KARD_SET])
    assert g["specialty"] == "kardiologi"
    assert g["indicator_set"]["version"] == "kardiologi-exempel-2026.1"
    g = spur.grade(KARD_NO_K)
    assert g.get("indicator_set") is None
    for area in g["areas"]:
        r = area["results"][0]
        if area["area"] in ("A", "B", "C", "F", "G"):
            assert r["range"] == ["A", "B"], area["area"]
        if area["area"] in ("D", "E", "H"):
            assert r["final"] == "C", area["area"]
    # Indicator findings without a set are errors; a bad set is an argument error.
    with pytest.raises(spur.InvalidDocument):
        spur.grade(KARD)
    with pytest.raises(ValueError):
        spur.grade(KARD, indicator_sets=["specialty = 1"])
    md = spur.report(KARD, "md", indicator_sets=[KARD_SET])
    assert "Kardiologiska kliniken Exempel" in md
    # The allmänmedicin seed grades as before with an extra set.
    assert spur.grade(SEED, indicator_sets=[KARD_SET]) == spur.grade(SEED)
