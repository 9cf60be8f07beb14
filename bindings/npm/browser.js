// Browser entry point: `await init()` (fetches wasm/spur_wasm_bg.wasm next to this file, or
// pass the module's URL or bytes), then call the functions.
import initWasm, { initSync } from './wasm/spur_wasm.js';

export async function init(input) {
  await initWasm(input === undefined ? undefined : { module_or_path: input });
}

export function initFromBytes(bytes) {
  initSync({ module: bytes });
}

export * from './core.js';
