"""A Python client generated from docs/openapi.json with openapi-python-client grades the seed.

The client is generated into a temporary directory, imported, and pointed at a live
`spur serve` on a free 127.0.0.1 port. Every JSON endpoint is called through it and every answer
parsed into the generated models: the check an integrator makes before trusting the document.

Run with tests/clients/run.sh (or see tests/clients/README.md); SPUR_BIN names the spur binary
(default target/debug/spur).
"""

import datetime
import importlib
import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
OPENAPI = ROOT / "docs" / "openapi.json"
SEED = ROOT / "fixtures" / "seed-vardcentral.toml"

# The seed's final grade per area, the same under SOSFS 2015:8 and HSLF-FS 2021:8.
SEED_GRADES = {"A": "A", "B": "A", "C": "A", "D": "C", "E": "C", "F": "A", "G": "B", "H": "C"}


def spur_bin() -> str:
    path = os.environ.get("SPUR_BIN") or str(ROOT / "target" / "debug" / "spur")
    if not pathlib.Path(path).exists():
        pytest.fail(f"no spur binary at {path}: build it (cargo build -p spur-cli) or set SPUR_BIN")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = free_port()
    proc = subprocess.Popen(
        [spur_bin(), "serve", "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1):
                    break
            except OSError:
                time.sleep(0.05)
        else:
            pytest.fail("spur serve did not answer /healthz within 5 s")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def spur_client(tmp_path_factory):
    """The package generated from docs/openapi.json, imported."""
    out = tmp_path_factory.mktemp("generated")
    generator = shutil.which("openapi-python-client") or str(
        pathlib.Path(sys.executable).with_name("openapi-python-client")
    )
    run = subprocess.run(
        [
            generator,
            "generate",
            "--path",
            str(OPENAPI),
            "--meta",
            "none",
            "--output-path",
            str(out / "spur_client"),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    # The only thing the generator leaves out is the TOML form of request bodies.
    skipped = [
        line
        for line in (run.stdout + run.stderr).splitlines()
        if "Unsupported content type" in line and "application/toml" not in line
    ]
    assert not skipped, skipped
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("spur_client")
    finally:
        sys.path.remove(str(out))


@pytest.fixture(scope="module")
def client(spur_client, server):
    return spur_client.Client(base_url=server, raise_on_unexpected_status=True, timeout=60)


@pytest.fixture(scope="module")
def seed_json(client):
    """The seed as the JSON document (converted by the server: the client sends JSON only)."""
    r = client.get_httpx_client().post(
        "/v1/convert",
        params={"to": "json"},
        content=SEED.read_bytes(),
        headers={"Content-Type": "application/toml"},
    )
    assert r.status_code == 200, r.text
    return r.json()


def module(name):
    return importlib.import_module(f"spur_client.{name}")


def document(seed_json):
    return module("models").SPURInspectionDocument.from_dict(seed_json)


def test_grades_the_seed(client, seed_json):
    grade = module("api.inspection.grade")
    response = grade.sync_detailed(client=client, body=document(seed_json))
    assert response.status_code == 200
    grading = response.parsed
    assert isinstance(grading, module("models").Grading)
    assert int(response.headers["x-spur-warnings"]) >= 0
    assert [str(r) for r in grading.regulations] == ["SOSFS 2015:8", "HSLF-FS 2021:8"]
    finals = {}
    for area in grading.areas:
        grades = {str(r.final) for r in area.results}
        assert len(grades) == 1, (area.area, grades)
        finals[str(area.area)] = grades.pop()
    assert finals == SEED_GRADES
    # The parsed grading says what the server sent, field for field.
    raw = client.get_httpx_client().post("/v1/grade", json=seed_json).json()
    assert grading.to_dict() == raw


def test_every_json_endpoint_parses(client, seed_json):
    models = module("models")
    body = document(seed_json)

    health = module("api.meta.healthz").sync(client=client)
    assert health.status == "ok"

    catalog = module("api.catalog.catalog").sync(client=client)
    assert isinstance(catalog, models.Catalog)
    assert [str(a.id) for a in catalog.areas] == list("ABCDEFGH")

    schema = module("api.catalog.schema")
    for name in models.SchemaName:
        parsed = schema.sync(client=client, name=name)
        assert isinstance(parsed, models.SchemaResponse200), name
        assert parsed.to_dict()["$id"].endswith(f"/{name.value}.schema.json")

    validation = module("api.inspection.validate").sync(client=client, body=body)
    assert isinstance(validation, models.Validation) and validation.valid

    report = module("api.documents.report")
    r = report.sync_detailed(client=client, body=body, format_=report_format("JSON"))
    assert r.status_code == 200
    parsed = json.loads(r.content)
    assert {"inspection", "grading"} <= set(parsed)

    docx = report.sync_detailed(client=client, body=body, format_=report_format("DOCX"))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"

    plan = module("api.documents.handlingsplan").sync_detailed(client=client, body=body)
    assert plan.status_code == 200 and plan.content

    followup = module("api.inspection.followup").sync(
        client=client, body=body, as_of=datetime.date(2026, 3, 15)
    )
    assert isinstance(followup, models.FollowUp)
    assert followup.entries

    converted = module("api.inspection.convert").sync(
        client=client, body=body, to=models.ConvertTo.JSON
    )
    assert isinstance(converted, models.SPURInspectionDocument)
    assert converted.to_dict()["inspection"]["unit"] == seed_json["inspection"]["unit"]


def report_format(name):
    return getattr(module("models").ReportFormat, name)


def test_errors_are_problem_details(client, seed_json):
    models = module("models")
    broken = dict(seed_json)
    broken["inspection"] = dict(seed_json["inspection"], visit_date="2026-02-30")
    r = client.get_httpx_client().post("/v1/grade", json=broken)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    problem = models.ProblemDetails.from_dict(r.json())
    assert problem.errors and problem.errors[0].path == "inspection.visit_date"


def test_import_merges_the_filled_template(client, seed_json):
    models = module("models")
    template = client.get_httpx_client().post(
        "/v1/handlingsplan", params={"format": "toml"}, json=seed_json
    )
    assert template.status_code == 200
    request = models.ImportRequest.from_dict(
        {"inspection": json.dumps(seed_json), "filled": template.text, "filled_format": "toml"}
    )
    result = module("api.documents.import_").sync(client=client, body=request)
    assert isinstance(result, models.ImportResult)
    assert isinstance(result.grading, models.Grading)
