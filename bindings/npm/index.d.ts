// The API of @spur/spur. The data shapes are generated from the published schemas
// (types/schemas.d.ts); this file only declares the functions.
import type { Catalog, Grading, InspectionDocument, Problems, Validation } from './types/schemas';

export type { Catalog, Grading, InspectionDocument, Problems, Validation } from './types/schemas';
export type Diagnostic = Validation['errors'][number];

/** The inspection document's own format; omitted or '' recognises it from the content. */
export type InputFormat = 'toml' | 'json' | 'auto' | '';
export interface GradeOptions {
  /** Unmet kvalitetsindikatorer an area may have and still get A (default 1). */
  tolerance?: number;
  /**
   * Extra indicator sets, each the text of a TOML file as `spur catalog new-indicators` writes
   * it (e.g. a kardiologi set); a document chooses its set by `[inspection] specialty`.
   */
  indicator_sets?: string[];
}
export interface RenderOptions extends GradeOptions {
  inputFormat?: InputFormat;
}

/** A document that cannot be read or has errors. */
export class InvalidDocument extends Error {
  errors: Diagnostic[];
  warnings: Diagnostic[];
}
/** An argument spur does not know (format, language, options). */
export class ArgumentError extends Error {
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

export function check(source: string, format?: InputFormat): Validation;
export function grade(source: string, format?: InputFormat, options?: GradeOptions): Grading;
export function report(source: string, format?: 'html' | 'md' | 'json', lang?: 'sv' | 'en', options?: RenderOptions): string;
export function handlingsplanTemplate(source: string, format?: 'md' | 'html' | 'csv' | 'toml', lang?: 'sv' | 'en', options?: RenderOptions): string;
export function catalog(): Catalog;
export function convert(source: string, to: 'json', format?: InputFormat): InspectionDocument;
export function convert(source: string, to: 'toml', format?: InputFormat): string;
export function schema(name: 'inspection' | 'catalog' | 'grading'): object;
export function version(): string;
/** Browser entry only: load the WebAssembly module. */
export function init(input?: string | URL | Response | BufferSource): Promise<void>;
export function initFromBytes(bytes: BufferSource): void;
