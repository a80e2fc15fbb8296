// Writes the npm package into pkg/ (see ../shared/design/packaging.md), from two release builds
// of the crate: the browser's without the server-only `relay` feature, Node's with it.
//   node  -> node/index.cjs (require) and node/index.mjs (import), on wasm-bindgen's `nodejs`
//            glue, which instantiates synchronously: no init() needed; it loads
//            node/app_admin_wasm_bg.wasm, which has the relay (createMerakiRelay, …);
//   default (browsers, bundlers) -> web/index.js on the `web` glue, with an idempotent init()
//            that the first client call also runs, and initSync(); it loads the smaller
//            app_admin_wasm_bg.wasm at the package root, exported as a subpath.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const work = join(root, "target/pkg-build");
const pkg = join(root, "pkg");
const NAME = "app_admin_wasm";
const built = join(root, "target/wasm32-unknown-unknown/release", `${NAME}.wasm`);

function run(cmd, args) {
  execFileSync(cmd, args, { stdio: "inherit", cwd: root });
}
function read(path) {
  return readFileSync(path, "utf8");
}
function fail(message) {
  console.error(`build-pkg: ${message}`);
  process.exit(1);
}

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
// Both builds write the same file: each is copied away before the next one.
const builds = [
  ["web", []],
  ["nodejs", ["--features", "relay"]],
];
for (const [target, features] of builds) {
  run("cargo", ["build", "--release", "--target", "wasm32-unknown-unknown", "--lib", ...features]);
  // Copied under its own name: wasm-bindgen writes the input's file name into the module.
  const input = join(work, `${target}-input`, `${NAME}.wasm`);
  cpSync(built, input);
  const out = join(work, target);
  run("wasm-bindgen", ["--target", target, "--out-dir", out, "--out-name", NAME, input]);
  run("wasm-opt", ["-Oz", "--strip-debug", "--strip-producers", "-o", join(out, `${NAME}_bg.wasm`), join(out, `${NAME}_bg.wasm`)]);
}
const nodeWasm = readFileSync(join(work, "nodejs", `${NAME}_bg.wasm`));
const webWasm = readFileSync(join(work, "web", `${NAME}_bg.wasm`));
if (read(join(work, "web", `${NAME}.js`)).includes("__relay")) fail("the browser glue has the relay in it: it must be built without the relay feature");
if (!read(join(work, "nodejs", `${NAME}.js`)).includes("__relayDecide")) fail("the Node glue has no relay: it must be built with the relay feature");

rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg);
writeFileSync(join(pkg, `${NAME}_bg.wasm`), webWasm);

// Glue and snippets (the error classes and the timer helpers), without their own .wasm copy.
for (const [target, dir] of [["nodejs", "node"], ["web", "web"]]) {
  cpSync(join(work, target), join(pkg, dir), { recursive: true, filter: (p) => !p.endsWith(".wasm") && !p.endsWith(".wasm.d.ts") });
}
const snippetDir = readdirSync(join(pkg, "web", "snippets"))[0];
if (!snippetDir) fail("wasm-bindgen wrote no snippets (js/errors.js, js/runtime.js)");
const errorsPath = `./snippets/${snippetDir}/js/errors.js`;

// Node glue is CommonJS, and so are its snippets: wasm-bindgen's nodejs glue require()s the
// ES-module snippets, which Node can do (require(esm)) but at a cost (about 1.5 ms of a cold require).
// node/ gets CommonJS copies (.cjs) of them instead; web/ keeps the ES modules as they are.
// Only top-level `export class|function|async function Name` is understood; anything else that
// looks like module syntax fails the build rather than shipping a half-converted file.
writeFileSync(join(pkg, "node", "package.json"), JSON.stringify({ type: "commonjs" }) + "\n");
const nodeSnippets = join(pkg, "node", "snippets", snippetDir);
const snippetFiles = readdirSync(nodeSnippets, { recursive: true }).filter((f) => f.endsWith(".js"));
if (snippetFiles.length === 0) fail(`no .js snippet under node/snippets/${snippetDir}`);
function toCommonJs(text, file) {
  const names = [];
  const body = text.replace(/^export (class|function|async function) ([A-Za-z_$][\w$]*)\b/gm, (_, kind, name) => {
    names.push(name);
    return `${kind} ${name}`;
  });
  // Comments dropped (newlines kept, for line numbers); a "//" inside a string cuts the line short.
  const code = body.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, "")).split("\n").map((line) => line.replace(/\/\/.*$/, ""));
  const moduleSyntax = code.findIndex((line) => /^\s*(export|import)\b|\bimport\s*[(.]|\b(require|module|exports|__dirname|__filename)\b/.test(line));
  if (moduleSyntax !== -1) fail(`${file}:${moduleSyntax + 1}: module syntax the CommonJS conversion does not understand: ${body.split("\n")[moduleSyntax].trim()}`);
  if (names.length === 0) fail(`${file}: no \`export class|function\` to convert`);
  return `"use strict";\n${body.trimEnd()}\n\nmodule.exports = { ${names.join(", ")} };\n`;
}
const nodeGluePath = join(pkg, "node", `${NAME}.js`);
const nodeGlue = read(nodeGluePath);
// The Node glue loads its own .wasm, next to it (the browser's, at the root, has no relay).
const wasmRef = `\${__dirname}/${NAME}_bg.wasm`;
if (!nodeGlue.includes(wasmRef)) fail(`could not find where the nodejs glue loads ${wasmRef}`);
writeFileSync(join(pkg, "node", `${NAME}_bg.wasm`), nodeWasm);
let patched = nodeGlue;
const snippetRename = {};
for (const file of snippetFiles) {
  const from = join(nodeSnippets, file);
  const to = from.replace(/\.js$/, ".cjs");
  writeFileSync(to, toCommonJs(read(from), `node/snippets/${snippetDir}/${file}`));
  rmSync(from);
  const spec = `./snippets/${snippetDir}/${file.split("\\").join("/")}`;
  const required = `require(String.raw\`${spec}\`)`;
  if (patched.split(required).length !== 2) fail(`expected the nodejs glue to contain ${required} exactly once`);
  patched = patched.replace(required, `require(String.raw\`${spec.replace(/\.js$/, ".cjs")}\`)`);
  snippetRename[spec] = spec.replace(/\.js$/, ".cjs");
}
if (/\.\/snippets\/[^`'"]*\.js\b/.test(patched)) fail("the nodejs glue still names a .js snippet after the CommonJS rewrite");
writeFileSync(nodeGluePath, patched);
// Each CommonJS copy exports exactly what the ES module it came from exports.
const nodeRequire = createRequire(import.meta.url);
for (const file of snippetFiles) {
  // (imported from its text: pkg/ has no package.json yet to make a .js file an ES module)
  const esmText = read(join(pkg, "web", "snippets", snippetDir, file));
  const esmKeys = Object.keys(await import(`data:text/javascript,${encodeURIComponent(esmText)}`)).sort();
  const cjsKeys = Object.keys(nodeRequire(join(nodeSnippets, file.replace(/\.js$/, ".cjs")))).sort();
  if (esmKeys.join() !== cjsKeys.join()) fail(`${file}: the CommonJS copy exports ${cjsKeys.join(", ")}, the ES module ${esmKeys.join(", ")}`);
}

// The rate limiters are plain JS outside the glue (the wasm never calls them, and a bundle that
// uses neither drops them): an ES module for web/, a CommonJS copy for node/, both taking the
// error classes from the snippet the glue uses.
const LIMITERS_IMPORT = 'import { AbortError, ValidationError } from "__ERRORS__";';
const limiters = read(join(root, "js", "rate-limiters.js"));
if (limiters.split(LIMITERS_IMPORT).length !== 2) fail(`expected js/rate-limiters.js to contain ${LIMITERS_IMPORT} exactly once`);
writeFileSync(join(pkg, "web", "rate-limiters.js"), limiters.replace("__ERRORS__", errorsPath));
const limitersCjs = toCommonJs(limiters.replace(LIMITERS_IMPORT, ""), "js/rate-limiters.js").replace(
  '"use strict";\n',
  `"use strict";\nconst { AbortError, ValidationError } = require(String.raw\`${errorsPath.replace(/\.js$/, ".cjs")}\`);\n`,
);
writeFileSync(join(pkg, "node", "rate-limiters.cjs"), limitersCjs);
const jsNames = ["memoryRateLimiter", "redisRateLimiter"];

// The public names, read from the nodejs glue itself so the entries never drift from it.
const glue = nodeRequire(nodeGluePath);
const names = Object.keys(glue).filter((n) => !n.startsWith("__") && n !== "initSync");
const errorNames = ["ValidationError", "ApiError", "NetworkError", "TimeoutError", "AbortError"];
// The relay (server code, Node only): js/relay.cjs, given the glue and the error classes.
const relayNames = ["createMerakiRelay", "createSymphonyRelay"];
cpSync(join(root, "js", "relay.cjs"), join(pkg, "node", "relay.cjs"));

writeFileSync(join(pkg, "node", "index.cjs"), `"use strict";
// Node, require(): the glue instantiates the module synchronously, so no init() is needed.
// init() and initSync() exist so code shared with browsers can call them; they do nothing here.
const glue = require("./${NAME}.js");
const errors = require("${snippetRename[errorsPath] ?? fail(`no CommonJS copy of ${errorsPath}`)}");
const relay = require("./relay.cjs")(glue, errors);
const limiters = require("./rate-limiters.cjs");
module.exports = {
${names.map((n) => `  ${n}: glue.${n},`).join("\n")}
${jsNames.map((n) => `  ${n}: limiters.${n},`).join("\n")}
${errorNames.map((n) => `  ${n}: errors.${n},`).join("\n")}
${relayNames.map((n) => `  ${n}: relay.${n},`).join("\n")}
  init: async () => {},
  initSync: () => {},
};
`);
writeFileSync(join(pkg, "node", "index.mjs"), `// Node, import: the same instance as require() (one module, one set of error classes).
import api from "./index.cjs";
export const {
${[...names, ...jsNames, ...errorNames, ...relayNames, "init", "initSync"].map((n) => `  ${n},`).join("\n")}
} = api;
`);

// The web glue's own default location of the .wasm (next to the glue) is not where it ships;
// bundlers resolve that URL at build time (webpack fails on it), so point it at the real file.
const webGluePath = join(pkg, "web", `${NAME}.js`);
const webGlue = read(webGluePath);
const webRef = `new URL('${NAME}_bg.wasm', import.meta.url)`;
if (!webGlue.includes(webRef)) fail(`could not find where the web glue locates ${NAME}_bg.wasm`);
writeFileSync(webGluePath, webGlue.replace(webRef, `new URL('../${NAME}_bg.wasm', import.meta.url)`));

const webEntry = read(join(root, "js", "web-entry.js")).replaceAll("__ERRORS__", errorsPath).replaceAll("__GLUE__", `./${NAME}.js`);
writeFileSync(join(pkg, "web", "index.js"), webEntry);

// Types: the glue's declarations (tsify models, classes, validators) plus the error classes and
// init(). They must compile in any project: Node (`@types/node`, no lib dom), browsers (lib dom, no
// `@types/node`), with or without lib `esnext.disposable`.
mkdirSync(join(pkg, "types"));
const DISPOSE_LINE = "    [Symbol.dispose](): void;\n";
// The Node build's declarations, without its internal relay functions (js/index.d.ts declares
// the relay's public face).
let glueTypes = read(join(work, "nodejs", `${NAME}.d.ts`)).replace(/\n\/\*\*(?:(?!\*\/)[\s\S])*\*\/\nexport function __relay\w+\([^\n]*\n/g, "");
if (glueTypes.includes("__relay")) fail("could not take the internal relay functions out of the glue's declarations");
const classes = [...glueTypes.matchAll(/^export class (\w+) \{$/gm)].map((m) => m[1]);
if (classes.length === 0) fail("found no class in the glue's declarations");
for (const cls of classes) {
  const body = glueTypes.slice(glueTypes.indexOf(`export class ${cls} {`));
  if (!body.slice(0, body.indexOf("\n}\n")).includes(DISPOSE_LINE)) fail(`the glue's declaration of ${cls} has no [Symbol.dispose]()`);
}
// wasm-bindgen declares `[Symbol.dispose](): void` in each class, which compiles only where the
// project's lib knows Symbol.dispose. Declared instead through an interface merged with the class
// that has the method exactly where the lib has the symbol (a conditional type, as
// @preact/signals does since its PR 911), so neither lib esnext.disposable nor a global
// declaration of Symbol.dispose is forced on the project.
glueTypes = glueTypes
  .replaceAll(DISPOSE_LINE, "")
  .replaceAll("    free(): void;\n", "    /** Releases the client's memory in the WebAssembly module now, instead of at garbage collection. */\n    free(): void;\n");
glueTypes += `
/** \`typeof Symbol.dispose\` where the project's TypeScript knows it, else \`never\`. */
type DisposeSymbol = SymbolConstructor extends { readonly dispose: infer S extends symbol } ? S : never;

/** \`{ [Symbol.dispose](): void }\` where the project's TypeScript knows \`Symbol.dispose\`, else \`{}\`. */
type Disposal = { [S in DisposeSymbol]: () => void };
${classes.map((cls) => `
/**
 * \`[Symbol.dispose]()\` is \`free()\`, so \`using client = new ${cls}(…)\` frees it at the end of the
 * scope. Declared where the project's TypeScript knows \`Symbol.dispose\` (lib \`esnext.disposable\`
 * or \`esnext\`, or \`@types/node\`); elsewhere only \`free()\` is declared.
 */
export interface ${cls} extends Disposal {}
`).join("")}
// Only what is marked \`export\` above is exported.
export {};
`;
writeFileSync(join(pkg, "types", `${NAME}.d.ts`), glueTypes);
const errorTypes = read(join(root, "js", "errors.d.ts"));
cpSync(join(root, "js", "errors.d.ts"), join(pkg, "types", "errors.d.ts"));
const indexTypes = read(join(root, "js", "index.d.ts"));
writeFileSync(join(pkg, "index.d.ts"), indexTypes);

// The same declarations for \`require()\` from TypeScript (a \`.cts\` file, or CommonJS output):
// index.d.ts and types/ are ES-module declarations (the package is \`type: module\`), which a
// CommonJS file cannot \`import = require()\` under \`module: node16\` (TS1471). One self-contained
// CommonJS declaration file: the three files above, joined, with their imports between them dropped.
const dropLines = (text, lines, file) => {
  for (const line of lines) {
    if (!text.includes(line + "\n")) fail(`expected the line ${JSON.stringify(line)} in ${file}`);
    text = text.replace(line + "\n", "");
  }
  return text;
};
const cjsTypes = [
  "// Type declarations for CommonJS consumers (`require(\"app-admin-wasm\")`); the same as index.d.ts.",
  dropLines(glueTypes, ["/* tslint:disable */", "/* eslint-disable */", "// Only what is marked `export` above is exported.", "export {};"], "the glue's declarations"),
  dropLines(errorTypes, [`import type { ValidationIssue } from "./${NAME}.js";`], "js/errors.d.ts"),
  dropLines(indexTypes, [
    `export * from "./types/${NAME}.js";`,
    `import type { ApplicationDetail, DetachSitesRequest, MerakiClient, PrivateApplicationUpdate, SymphonyClient } from "./types/${NAME}.js";`,
    `export { ${errorNames.join(", ")} } from "./types/errors.js";`,
    `import type { RateLimiter } from "./types/${NAME}.js";`,
  ], "js/index.d.ts"),
  "// Only what is marked `export` above is exported.\nexport {};",
]
  .map((part) => part.trim())
  .join("\n\n") + "\n";
writeFileSync(join(pkg, "index.d.cts"), cjsTypes);
rmSync(join(pkg, "node", `${NAME}.d.ts`));
rmSync(join(pkg, "web", `${NAME}.d.ts`));

const manifest = JSON.parse(read(join(root, "js", "package.json")));
manifest.version = read(join(root, "Cargo.toml")).match(/^version = "(.+)"/m)[1];
writeFileSync(join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
if (existsSync(join(root, "README.md"))) cpSync(join(root, "README.md"), join(pkg, "README.md"));
console.log(`build-pkg: wrote pkg/ (${webWasm.length} bytes of browser wasm, ${nodeWasm.length} of Node wasm; exports: ${[...names, ...jsNames, ...errorNames].join(", ")}; Node also ${relayNames.join(", ")})`);
