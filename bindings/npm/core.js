// The JavaScript face of spur-wasm, shared by index.js (Node) and browser.js: JSON text from
// WebAssembly becomes objects, thrown failures become InvalidDocument / ArgumentError.
import * as raw from './wasm/spur_wasm.js';

/** A document that cannot be read or has errors; `errors` are located diagnostics. */
export class InvalidDocument extends Error {
  constructor(problems) {
    super(problems.message);
    this.name = 'InvalidDocument';
    this.errors = problems.errors ?? [];
    this.warnings = problems.warnings ?? [];
  }
}

/** An argument spur does not know (format, language, options). */
export class ArgumentError extends Error {
  constructor(problems) {
    super(problems.message);
    this.name = 'ArgumentError';
    this.errors = problems.errors ?? [];
    this.warnings = [];
  }
}

function call(f) {
  try {
    return f();
  } catch (e) {
    if (typeof e !== 'string') throw e;
    let p;
    try {
      p = JSON.parse(e);
    } catch {
      throw new Error(e);
    }
    throw p.kind === 'argument' ? new ArgumentError(p) : new InvalidDocument(p);
  }
}

const INPUT_FORMATS = new Set(['toml', 'json', 'auto', '']);

function opts(options) {
  const o = options ?? {};
  const { inputFormat, ...grading } = o;
  return { inputFormat: inputFormat ?? '', json: JSON.stringify(grading) };
}

/** Every problem of a document (`format`: 'toml', 'json' or omitted to recognise it). */
export function check(source, format) {
  return JSON.parse(call(() => raw.check(String(source), format ?? '')));
}

/** The grading JSON of a valid document; throws InvalidDocument otherwise. */
export function grade(source, format, options) {
  return JSON.parse(call(() => raw.grade(String(source), format ?? '', JSON.stringify(options ?? {}))));
}

/**
 * The SPUR report as text: `format` is 'html' (default) or 'md' (or 'json'); `lang` 'sv'
 * (default) or 'en'. The document's own format is recognised, or given as
 * `options.inputFormat`.
 */
export function report(source, format, lang, options) {
  let out = format ?? 'html';
  const o = opts(options);
  if (INPUT_FORMATS.has(String(out).toLowerCase()) && out !== 'json') {
    o.inputFormat = out;
    out = 'html';
  }
  return call(() => raw.report(String(source), o.inputFormat, lang ?? 'sv', out, o.json));
}

/** The handlingsplan template: `format` 'md' (default), 'html', 'csv' or 'toml'. */
export function handlingsplanTemplate(source, format, lang, options) {
  const o = opts(options);
  return call(() =>
    raw.handlingsplanTemplate(String(source), o.inputFormat, lang ?? 'sv', format ?? 'md', o.json),
  );
}

/** The embedded criteria catalog. */
export function catalog() {
  return JSON.parse(raw.catalog());
}

/** The document re-written as 'json' (returned as an object) or 'toml' (text). */
export function convert(source, to, format) {
  const text = call(() => raw.convert(String(source), format ?? '', to));
  return to === 'json' ? JSON.parse(text) : text;
}

/** A JSON Schema: 'inspection', 'catalog' or 'grading'. */
export function schema(name) {
  return JSON.parse(call(() => raw.schema(name)));
}

/** The spur version. */
export function version() {
  return raw.version();
}
