"""spur for Python: SPUR inspections of Swedish specialist-doctor training.

Validate, grade and report an inspection document (TOML or JSON) with spur's Rust core, in
process, no server. Every result has the JSON shape of the published schemas (``docs/schema/``)
as plain Python data (dicts, lists, str, int, bool, None).

Every function that takes a document takes ``text_or_path``:

* an ``os.PathLike`` (e.g. ``pathlib.Path``) is a file and is read (UTF-8);
* a ``str`` naming an existing file is read too;
* any other ``str`` (or ``bytes``, UTF-8) is the document itself.

The format is ``input_format`` when given (``"toml"`` or ``"json"``), else the file's extension
(``.toml``, ``.json``), else recognised from the content.

A document that cannot be read or has errors raises :class:`InvalidDocument` (a ``ValueError``)
carrying the located diagnostics; a bad argument (format, language) raises ``ValueError``.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Optional, Union

from . import _spur

__all__ = [
    "InvalidDocument",
    "validate",
    "check",
    "grade",
    "report",
    "handlingsplan",
    "catalog",
    "schema",
    "convert",
    "__version__",
]

__version__: str = _spur.__version__

#: The file name diagnostics are located in when the document is given as text.
TEXT_FILE = "<string>"


class InvalidDocument(ValueError):
    """The document cannot be read or has errors.

    ``diagnostics`` holds every problem: the errors first, then the warnings, each in document
    order, as dicts of the validation JSON shape (``severity``, ``code``, ``message``, ``path``,
    ``hint``, ``location``…) with ``line`` and ``column`` (1-based, ``None`` when unlocated)
    copied to the top level. ``str()`` is a readable summary, one line per problem.
    """

    def __init__(
        self,
        message: str,
        errors: List[Dict[str, Any]],
        warnings: Optional[List[Dict[str, Any]]] = None,
        summary: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.message: str = message
        self.summary: str = summary if summary is not None else message
        self.errors: List[Dict[str, Any]] = errors
        self.warnings: List[Dict[str, Any]] = list(warnings or [])
        self.diagnostics: List[Dict[str, Any]] = self.errors + self.warnings

    def __str__(self) -> str:
        return self.message


PathOrText = Union[str, bytes, "os.PathLike[str]"]


def _located(diagnostic: Dict[str, Any]) -> Dict[str, Any]:
    location = diagnostic.get("location") or {}
    diagnostic.setdefault("hint", None)
    diagnostic["line"] = location.get("line")
    diagnostic["column"] = location.get("column")
    return diagnostic


def _format_of(path: str) -> Optional[str]:
    ext = os.path.splitext(path)[1].lower()
    if ext in (".toml", ".json"):
        return ext[1:]
    return None


def _looks_like_path(text: str) -> bool:
    return "\n" not in text and len(text) < 4096 and _format_of(text.strip()) is not None


def _source(text_or_path: PathOrText, input_format: Optional[str]):
    """(text, file name for locations, format or None)."""
    path: Optional[str] = None
    if isinstance(text_or_path, os.PathLike):
        path = os.fsdecode(os.fspath(text_or_path))
    elif isinstance(text_or_path, str):
        if "\n" not in text_or_path and len(text_or_path) < 4096 and os.path.isfile(text_or_path):
            path = text_or_path
        elif _looks_like_path(text_or_path):
            raise FileNotFoundError(2, "No such file (give the document text or an existing file)", text_or_path)
        else:
            return text_or_path, TEXT_FILE, input_format
    elif isinstance(text_or_path, (bytes, bytearray, memoryview)):
        return _decode(bytes(text_or_path), TEXT_FILE), TEXT_FILE, input_format
    else:
        raise TypeError(
            "expected the document as str/bytes or a path (str or os.PathLike), not "
            + type(text_or_path).__name__
        )
    with open(path, "rb") as f:
        data = f.read()
    return _decode(data, path), path, input_format or _format_of(path)


def _decode(data: bytes, file: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        message = f"`{file}` is not UTF-8 text (byte {e.start})"
        d = {
            "severity": "error",
            "code": "syntax",
            "message": message,
            "hint": "save the document as UTF-8",
            "path": "",
            "location": {"file": file, "line": line, "column": column},
        }
        raise InvalidDocument(f"{message}\n  {file}:{line}:{column}", [_located(d)], [], message) from None


def _call(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except _spur.Invalid as e:
        text, problems = e.args
        p = json.loads(problems)
        raise InvalidDocument(
            text,
            [_located(d) for d in p["errors"]],
            [_located(d) for d in p["warnings"]],
            p["message"],
        ) from None


def check(text_or_path: PathOrText, *, input_format: Optional[str] = None) -> Dict[str, Any]:
    """Every problem of a document: ``{"valid": bool, "errors": [...], "warnings": [...]}``.

    Never raises for problems of the document (they are the answer)."""
    text, file, fmt = _source(text_or_path, input_format)
    result = json.loads(_call(_spur.check, text, file, fmt))
    result["errors"] = [_located(d) for d in result["errors"]]
    result["warnings"] = [_located(d) for d in result["warnings"]]
    return result


def validate(text_or_path: PathOrText, *, input_format: Optional[str] = None) -> List[Dict[str, Any]]:
    """The diagnostics of a document in document order (unlocated ones last): an empty list
    means a valid document without warnings. Each is a dict of the validation JSON shape
    (``severity``, ``code``, ``message``, ``path``, ``hint``, ``location``) with ``line`` and
    ``column`` at the top level too."""
    result = check(text_or_path, input_format=input_format)
    diagnostics = result["errors"] + result["warnings"]
    diagnostics.sort(key=lambda d: (d["line"] is None, d["line"] or 0, d["column"] or 0))
    return diagnostics


def _sets(indicator_sets: Optional[List[str]]) -> Optional[List[str]]:
    """Indicator sets as a list of TOML texts (a single string is one set)."""
    if indicator_sets is None:
        return None
    if isinstance(indicator_sets, str):
        return [indicator_sets]
    return [str(s) for s in indicator_sets]


def grade(
    text_or_path: PathOrText,
    *,
    tolerance: Optional[int] = None,
    input_format: Optional[str] = None,
    indicator_sets: Optional[List[str]] = None,
) -> Dict[str, Any]:
    """The grading of a valid document (``docs/schema/grading.schema.json``).

    ``tolerance``: unmet kvalitetsindikatorer an area may have and still get A (default 1).
    ``indicator_sets``: extra indicator sets, each the text of a TOML file as
    ``spur catalog new-indicators`` writes it (e.g. a kardiologi set); a document chooses its
    set by ``[inspection] specialty``. Without a set for its specialty a document is graded on
    the shared criteria (A–B where only the indicators could decide)."""
    text, file, fmt = _source(text_or_path, input_format)
    return json.loads(_call(_spur.grade, text, file, fmt, tolerance, _sets(indicator_sets)))


def report(
    text_or_path: PathOrText,
    format: str = "html",
    lang: str = "sv",
    *,
    tolerance: Optional[int] = None,
    input_format: Optional[str] = None,
    indicator_sets: Optional[List[str]] = None,
) -> Union[str, bytes]:
    """The SPUR report: ``str`` for ``html``, ``md`` and ``json``, ``bytes`` for ``docx``.
    ``lang`` is ``sv`` or ``en``."""
    text, file, fmt = _source(text_or_path, input_format)
    return _call(_spur.report, text, file, fmt, format, lang, tolerance, _sets(indicator_sets))


def handlingsplan(
    text_or_path: PathOrText,
    format: str = "md",
    lang: str = "sv",
    *,
    tolerance: Optional[int] = None,
    input_format: Optional[str] = None,
    indicator_sets: Optional[List[str]] = None,
) -> Union[str, bytes]:
    """The handlingsplan template (one entry per criterion not met): ``str`` for ``md``,
    ``html``, ``csv`` and ``toml``, ``bytes`` for ``docx`` and ``xlsx``."""
    text, file, fmt = _source(text_or_path, input_format)
    return _call(_spur.handlingsplan, text, file, fmt, format, lang, tolerance, _sets(indicator_sets))


def catalog() -> Dict[str, Any]:
    """The embedded criteria catalog (``docs/schema/catalog.schema.json``)."""
    return json.loads(_spur.catalog())


def schema(name: str) -> Dict[str, Any]:
    """A JSON Schema: ``inspection``, ``catalog`` or ``grading``."""
    return json.loads(_call(_spur.schema, name))


def convert(text_or_path: PathOrText, to: str = "json", *, input_format: Optional[str] = None) -> str:
    """The (valid) document re-written as ``json`` or ``toml``."""
    text, file, fmt = _source(text_or_path, input_format)
    return _call(_spur.convert, text, file, fmt, to)
