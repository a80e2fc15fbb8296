export * from "./types/app_admin_wasm.js";
export { ValidationError, ApiError, NetworkError, TimeoutError, AbortError } from "./types/errors.js";

/**
 * Loads the WebAssembly module (browsers and bundlers), once: later calls return the same
 * promise. Client calls run it by themselves; validators and `prepare*()` need it done first.
 * In Node the module loads at import and this does nothing.
 * @param input where the `.wasm` is; by default the file shipped next to this package.
 */
export function init(input?: RequestInfo | URL | Response | BufferSource | WebAssembly.Module): Promise<void>;

/** Loads the module synchronously from its bytes or a compiled module; a no-op once loaded. */
export function initSync(module: BufferSource | WebAssembly.Module): void;
