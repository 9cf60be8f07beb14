// Node entry point: loads the WebAssembly module synchronously from this package.
import { readFileSync } from 'node:fs';
import { initSync } from './wasm/spur_wasm.js';

initSync({ module: readFileSync(new URL('./wasm/spur_wasm_bg.wasm', import.meta.url)) });

export * from './core.js';
