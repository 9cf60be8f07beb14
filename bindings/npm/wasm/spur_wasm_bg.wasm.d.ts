/* tslint:disable */
/* eslint-disable */
export const memory: WebAssembly.Memory;
export const catalog: () => [number, number];
export const check: (a: number, b: number, c: number, d: number) => [number, number, number, number];
export const convert: (a: number, b: number, c: number, d: number, e: number, f: number) => [number, number, number, number];
export const grade: (a: number, b: number, c: number, d: number, e: number, f: number) => [number, number, number, number];
export const handlingsplanTemplate: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number, j: number) => [number, number, number, number];
export const report: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number, j: number) => [number, number, number, number];
export const schema: (a: number, b: number) => [number, number, number, number];
export const version: () => [number, number];
export const __wbindgen_externrefs: WebAssembly.Table;
export const __wbindgen_free: (a: number, b: number, c: number) => void;
export const __wbindgen_malloc: (a: number, b: number) => number;
export const __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
export const __externref_table_dealloc: (a: number) => void;
export const __wbindgen_start: () => void;
