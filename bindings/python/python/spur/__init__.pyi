"""Type stubs of the `spur` package (spur's Rust core, in process)."""

import os
from typing import Any, Dict, List, Literal, Optional, Union, overload

__version__: str
TEXT_FILE: str

PathOrText = Union[str, bytes, os.PathLike[str]]
InputFormat = Literal["toml", "json"]
Lang = Literal["sv", "en"]
Diagnostic = Dict[str, Any]
"""`severity`, `code`, `message`, `path`, `hint`, `location` ({file, line, column}), `labels`,
`notes` (docs/schema/validation.schema.json `Diagnostic`) plus `line` and `column`
(1-based, None when unlocated)."""

class InvalidDocument(ValueError):
    """The document cannot be read or has errors."""

    message: str
    summary: str
    errors: List[Diagnostic]
    warnings: List[Diagnostic]
    diagnostics: List[Diagnostic]
    def __init__(
        self,
        message: str,
        errors: List[Diagnostic],
        warnings: Optional[List[Diagnostic]] = ...,
        summary: Optional[str] = ...,
    ) -> None: ...

def check(text_or_path: PathOrText, *, input_format: Optional[InputFormat] = ...) -> Dict[str, Any]: ...
def validate(text_or_path: PathOrText, *, input_format: Optional[InputFormat] = ...) -> List[Diagnostic]: ...
def grade(
    text_or_path: PathOrText,
    *,
    tolerance: Optional[int] = ...,
    input_format: Optional[InputFormat] = ...,
) -> Dict[str, Any]: ...
@overload
def report(
    text_or_path: PathOrText,
    format: Literal["html", "md", "json"] = ...,
    lang: Lang = ...,
    *,
    tolerance: Optional[int] = ...,
    input_format: Optional[InputFormat] = ...,
) -> str: ...
@overload
def report(
    text_or_path: PathOrText,
    format: Literal["docx"],
    lang: Lang = ...,
    *,
    tolerance: Optional[int] = ...,
    input_format: Optional[InputFormat] = ...,
) -> bytes: ...
@overload
def report(
    text_or_path: PathOrText,
    format: str,
    lang: str = ...,
    *,
    tolerance: Optional[int] = ...,
    input_format: Optional[InputFormat] = ...,
) -> Union[str, bytes]: ...
@overload
def handlingsplan(
    text_or_path: PathOrText,
    format: Literal["md", "html", "csv", "toml"] = ...,
    lang: Lang = ...,
    *,
    tolerance: Optional[int] = ...,
    input_format: Optional[InputFormat] = ...,
) -> str: ...
@overload
def handlingsplan(
    text_or_path: PathOrText,
    format: Literal["docx", "xlsx"],
    lang: Lang = ...,
    *,
    tolerance: Optional[int] = ...,
    input_format: Optional[InputFormat] = ...,
) -> bytes: ...
@overload
def handlingsplan(
    text_or_path: PathOrText,
    format: str,
    lang: str = ...,
    *,
    tolerance: Optional[int] = ...,
    input_format: Optional[InputFormat] = ...,
) -> Union[str, bytes]: ...
def catalog() -> Dict[str, Any]: ...
def schema(name: Literal["inspection", "catalog", "grading"]) -> Dict[str, Any]: ...
def convert(
    text_or_path: PathOrText,
    to: Literal["json", "toml"] = ...,
    *,
    input_format: Optional[InputFormat] = ...,
) -> str: ...
