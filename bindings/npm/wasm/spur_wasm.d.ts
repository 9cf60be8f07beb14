/* tslint:disable */
/* eslint-disable */

/**
 * The embedded catalog as JSON.
 */
export function catalog(): string;

/**
 * Every problem of a document: `{"valid", "errors", "warnings"}` as JSON.
 */
export function check(source: string, format: string): string;

/**
 * The document re-written as `json` or `toml`.
 */
export function convert(source: string, format: string, to: string): string;

/**
 * The grading JSON of a valid document.
 */
export function grade(source: string, format: string, options: string): string;

/**
 * The handlingsplan template (`md`, `html`, `csv` or `toml`) in `lang`.
 */
export function handlingsplanTemplate(source: string, format: string, lang: string, plan_format: string, options: string): string;

/**
 * The SPUR report (`html`, `md` or `json`) in `lang` (`sv` or `en`).
 */
export function report(source: string, format: string, lang: string, report_format: string, options: string): string;

/**
 * A JSON Schema: `inspection`, `catalog` or `grading`.
 */
export function schema(name: string): string;

/**
 * The spur version.
 */
export function version(): string;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly catalog: () => [number, number];
    readonly check: (a: number, b: number, c: number, d: number) => [number, number, number, number];
    readonly convert: (a: number, b: number, c: number, d: number, e: number, f: number) => [number, number, number, number];
    readonly grade: (a: number, b: number, c: number, d: number, e: number, f: number) => [number, number, number, number];
    readonly handlingsplanTemplate: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number, j: number) => [number, number, number, number];
    readonly report: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number, j: number) => [number, number, number, number];
    readonly schema: (a: number, b: number) => [number, number, number, number];
    readonly version: () => [number, number];
    readonly __wbindgen_externrefs: WebAssembly.Table;
    readonly __wbindgen_free: (a: number, b: number, c: number) => void;
    readonly __wbindgen_malloc: (a: number, b: number) => number;
    readonly __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
    readonly __externref_table_dealloc: (a: number) => void;
    readonly __wbindgen_start: () => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
