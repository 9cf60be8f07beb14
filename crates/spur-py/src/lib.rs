//! # spur-py
//!
//! The native half of the Python package `spur` (`bindings/python`): the extension module
//! `spur._spur`, built with maturin into one abi3 wheel for CPython ≥ 3.9. Every function is a
//! thin wrapper over `spur-embed` (text in, the JSON shapes of the published schemas out); the
//! package's `spur/__init__.py` reads paths, parses the JSON and raises `spur.InvalidDocument`.
//!
//! | function | returns |
//! |---|---|
//! | `check(source, file, input_format)` | `{"valid", "errors", "warnings"}` as JSON |
//! | `grade(source, file, input_format, tolerance, indicator_sets)` | the grading JSON (`indicator_sets`: extra indicator sets as TOML texts) |
//! | `report(source, file, input_format, format, lang, tolerance)` | `str` (`html`, `md`, `json`) or `bytes` (`docx`) |
//! | `handlingsplan(source, file, input_format, format, lang, tolerance)` | `str` (`md`, `html`, `csv`, `toml`) or `bytes` (`docx`, `xlsx`) |
//! | `catalog()` | the embedded catalog as JSON |
//! | `schema(name)` | `inspection`, `catalog` or `grading` JSON Schema |
//! | `convert(source, file, input_format, to)` | the document as `json` or `toml` |
//!
//! A document with errors raises `_spur.Invalid(message, problems_json)` (the package turns it
//! into `spur.InvalidDocument`), a bad argument a `ValueError`.

/// The pyo3 bindings. The macros' generated FFI shims need `unsafe`; nothing here is
/// hand-written unsafe code.
#[allow(unsafe_code)]
mod bindings {
    use std::fmt::Write as _;

    use pyo3::exceptions::PyValueError;
    use pyo3::prelude::*;
    use pyo3::types::{PyBytes, PyString};
    use spur_embed::{Error, Options};

    pyo3::create_exception!(
        _spur,
        Invalid,
        PyValueError,
        "A document that cannot be read or has errors: args are (message, problems as JSON)."
    );

    /// The readable message: the summary, then each error, located (`--> file:line:col`) with
    /// its excerpt and hint; warnings are only counted (they are in `.warnings`).
    fn readable(e: &Error) -> String {
        let p = e.problems();
        let mut text = p.message.clone();
        for d in &p.errors {
            let _ = write!(text, "\n{d}");
        }
        if !p.warnings.is_empty() {
            let _ = write!(
                text,
                "\n({} warning(s) besides: see .warnings)",
                p.warnings.len()
            );
        }
        text
    }

    fn to_py(e: Error) -> PyErr {
        match &e {
            Error::Invalid(p) => {
                let json = serde_json::json!({
                    "message": p.message,
                    "errors": p.errors,
                    "warnings": p.warnings,
                })
                .to_string();
                Invalid::new_err((readable(&e), json))
            }
            Error::Argument(_) => PyValueError::new_err(readable(&e)),
        }
    }

    fn options(tolerance: Option<usize>, indicator_sets: Option<Vec<String>>) -> Options {
        Options {
            tolerance,
            indicator_sets: indicator_sets.unwrap_or_default(),
        }
    }

    /// The signature `spur_embed::report` and `spur_embed::handlingsplan` share.
    type Renderer =
        fn(&str, &str, Option<&str>, &str, Option<&str>, &Options) -> Result<Vec<u8>, Error>;

    /// Run `renderer` off the GIL on `(source, file, input_format)`; text or bytes by `format`.
    fn render(
        py: Python<'_>,
        renderer: Renderer,
        (source, file, input_format): (&str, &str, Option<&str>),
        format: &str,
        lang: Option<&str>,
        options: Options,
    ) -> PyResult<Py<PyAny>> {
        let out = py
            .detach(|| renderer(source, file, input_format, format, lang, &options))
            .map_err(to_py)?;
        Ok(text_or_bytes(py, format, out))
    }

    fn text_or_bytes(py: Python<'_>, format: &str, out: Vec<u8>) -> Py<PyAny> {
        if spur_embed::is_binary(format) {
            PyBytes::new(py, &out).into_any().unbind()
        } else {
            let text = String::from_utf8(out)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            PyString::new(py, &text).into_any().unbind()
        }
    }

    /// Every problem of a document: `{"valid", "errors", "warnings"}` as JSON.
    #[pyfunction]
    #[pyo3(signature = (source, file, input_format=None))]
    fn check(
        py: Python<'_>,
        source: &str,
        file: &str,
        input_format: Option<&str>,
    ) -> PyResult<String> {
        let v = py
            .detach(|| spur_embed::check(source, file, input_format))
            .map_err(to_py)?;
        Ok(serde_json::to_string(&v).unwrap_or_default())
    }

    /// The grading JSON of a valid document. `indicator_sets`: extra indicator sets, each the
    /// text of a TOML file (`spur catalog new-indicators`), chosen by `[inspection] specialty`.
    #[pyfunction]
    #[pyo3(signature = (source, file, input_format=None, tolerance=None, indicator_sets=None))]
    fn grade(
        py: Python<'_>,
        source: &str,
        file: &str,
        input_format: Option<&str>,
        tolerance: Option<usize>,
        indicator_sets: Option<Vec<String>>,
    ) -> PyResult<String> {
        let options = options(tolerance, indicator_sets);
        let g = py
            .detach(|| spur_embed::grade(source, file, input_format, &options))
            .map_err(to_py)?;
        Ok(serde_json::to_string(&g).unwrap_or_default())
    }

    /// The SPUR report in `format` (`html`, `md`, `json`, `docx`) and `lang` (`sv`, `en`).
    #[pyfunction]
    #[pyo3(signature = (source, file, input_format=None, format="html", lang=None, tolerance=None, indicator_sets=None))]
    #[allow(clippy::too_many_arguments)]
    fn report(
        py: Python<'_>,
        source: &str,
        file: &str,
        input_format: Option<&str>,
        format: &str,
        lang: Option<&str>,
        tolerance: Option<usize>,
        indicator_sets: Option<Vec<String>>,
    ) -> PyResult<Py<PyAny>> {
        let options = options(tolerance, indicator_sets);
        let input = (source, file, input_format);
        render(py, spur_embed::report, input, format, lang, options)
    }

    /// The handlingsplan template in `format` (`md`, `html`, `csv`, `toml`, `docx`, `xlsx`).
    #[pyfunction]
    #[pyo3(signature = (source, file, input_format=None, format="md", lang=None, tolerance=None, indicator_sets=None))]
    #[allow(clippy::too_many_arguments)]
    fn handlingsplan(
        py: Python<'_>,
        source: &str,
        file: &str,
        input_format: Option<&str>,
        format: &str,
        lang: Option<&str>,
        tolerance: Option<usize>,
        indicator_sets: Option<Vec<String>>,
    ) -> PyResult<Py<PyAny>> {
        let options = options(tolerance, indicator_sets);
        let input = (source, file, input_format);
        render(py, spur_embed::handlingsplan, input, format, lang, options)
    }

    /// The embedded catalog as JSON.
    #[pyfunction]
    fn catalog() -> String {
        spur_embed::catalog_json()
    }

    /// A JSON Schema: `inspection`, `catalog` or `grading`.
    #[pyfunction]
    fn schema(name: &str) -> PyResult<String> {
        spur_embed::schema(name).map_err(to_py)
    }

    /// The document re-written as `json` or `toml`.
    #[pyfunction]
    #[pyo3(signature = (source, file, input_format=None, to="json"))]
    fn convert(source: &str, file: &str, input_format: Option<&str>, to: &str) -> PyResult<String> {
        spur_embed::convert(source, file, input_format, to).map_err(to_py)
    }

    /// The native module `spur._spur`.
    #[pymodule]
    fn _spur(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("Invalid", m.py().get_type::<Invalid>())?;
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        m.add_function(wrap_pyfunction!(check, m)?)?;
        m.add_function(wrap_pyfunction!(grade, m)?)?;
        m.add_function(wrap_pyfunction!(report, m)?)?;
        m.add_function(wrap_pyfunction!(handlingsplan, m)?)?;
        m.add_function(wrap_pyfunction!(catalog, m)?)?;
        m.add_function(wrap_pyfunction!(schema, m)?)?;
        m.add_function(wrap_pyfunction!(convert, m)?)?;
        Ok(())
    }
}
