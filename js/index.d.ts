export * from "./types/app_admin_wasm.js";
export { ValidationError, ApiError, NetworkError, TimeoutError, AbortError } from "./types/errors.js";

// These declarations need no particular `lib` or `types`: a Node project (`@types/node`, no lib
// `dom`) and a browser project (lib `dom`, no `@types/node`) both compile them. A global class the
// project does not declare (`Request` without lib `dom`, `WebAssembly.Module` with `@types/node`)
// simply drops out of the union.

/** The instances of the global class `Name` where the project's lib or types declare it, else `never`. */
type GlobalInstance<Name extends string> = typeof globalThis extends { [K in Name]: { prototype: infer T } } ? T : never;

/** A compiled `WebAssembly.Module` where the project's lib or types declare one, else `never`. */
type CompiledModule = typeof globalThis extends { WebAssembly: { Module: { prototype: infer T } } } ? T : never;

/**
 * The bytes of a `.wasm` file, or a compiled `WebAssembly.Module`: the DOM's
 * `BufferSource | WebAssembly.Module` (an `ArrayBuffer`, a `Uint8Array`, a Node `Buffer`, …).
 */
export type SyncInitInput = ArrayBuffer | ArrayBufferView | CompiledModule;

/**
 * Where `init()` loads the `.wasm` from: its URL (a string, a `URL` or a `Request`), a `Response`
 * (e.g. of `fetch()`), or anything `initSync()` takes.
 */
export type InitInput = string | GlobalInstance<"URL"> | GlobalInstance<"Request"> | GlobalInstance<"Response"> | SyncInitInput;

/**
 * Loads the WebAssembly module (browsers and bundlers), once: later calls return the same
 * promise. Client calls run it by themselves; validators and `prepare*()` need it done first.
 * In Node the module loads at import and this does nothing.
 * @param input where the `.wasm` is; by default the file shipped next to this package.
 */
export function init(input?: InitInput): Promise<void>;

/** Loads the module synchronously from its bytes or a compiled module; a no-op once loaded. */
export function initSync(module: SyncInitInput): void;
