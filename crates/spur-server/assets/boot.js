// Starts the page's WebAssembly build of spur (served from this binary), then the page.
import init, * as wasm from './spur_wasm.js';

init({ module_or_path: new URL('spur_wasm_bg.wasm', import.meta.url) }).then(
  () => window.SpurApp.start(wasm, { offline: false }),
  (e) => window.SpurApp.fail(e)
);
