// The package's types as a TypeScript user meets them: the tarball installed into scratch projects,
// consumers type-checked with `tsc --strict --noEmit` (module/moduleResolution nodenext, target
// es2022, lib es2022 + dom, types node); these CLI runs have no skipLibCheck, so the package's own
// declaration files (index.d.ts and types/ for `import`, index.d.cts for `require`) are checked
// too. tsc and @types/node are the repository's dev dependencies, used by absolute path.
//   - fixtures/consumer.mts uses every export and model type; its `// @ts-expect-error [code]`
//     lines prove wrong shapes do not compile (a copy without the comments must fail on exactly
//     those lines, with those codes);
//   - fixtures/consumer.cts does the same from CommonJS (`import x = require()`), resolved through
//     exports['.'].node.require.types to index.d.cts;
//   - the names the .d.ts exports as values are exactly what `import`, `require` and the browser
//     entry give at run time, and the client methods it declares exist there;
//   - the setups users have, with no extra configuration: CommonJS under `module: node16`, a
//     Node-only project (lib es2022 and @types/node: no lib dom), a browser-only project (lib dom,
//     no @types/node, no lib esnext.disposable), a bundler project (`moduleResolution: bundler`);
//     and `using client = …` where the project's lib declares Symbol.dispose (fixtures/disposable.mts).
// `skipDefaultLibCheck` only skips TypeScript's own lib.*.d.ts (unchanged, and slow to check).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import ts from "typescript";
import { ROOT, bin, packOnce, run, runOk, scratch, writeFiles } from "./scratch.mjs";

const FIXTURES = join(import.meta.dirname, "fixtures");
let pack, esm, cjs;

const compilerOptions = (extra = {}) => ({
  strict: true,
  noEmit: true,
  module: "nodenext",
  moduleResolution: "nodenext",
  target: "es2022",
  lib: ["es2022", "dom"],
  types: ["node"],
  typeRoots: [join(ROOT, "node_modules", "@types")],
  skipDefaultLibCheck: true,
  ...extra,
});
const tsconfig = (files, extra) => JSON.stringify({ compilerOptions: compilerOptions(extra), files }, null, 2);

/** tsc on `project` (a tsconfig path) in `cwd`, with the brief's flags spelled out. */
const tsc = (cwd, project) => run(bin("tsc"), ["--project", project, "--strict", "--noEmit", "--pretty", "false"], { cwd });

/** Diagnostics of tsc's `--pretty false` output: [{file, line, code, text}]. */
function diagnostics(output) {
  return [...output.matchAll(/^(.+?)\((\d+),\d+\): error TS(\d+): (.*)$/gm)].map(([, file, line, code, text]) => ({
    file, line: Number(line), code: Number(code), text,
  }));
}

/**
 * The `// @ts-expect-error [code] why` lines of `source`: [{line (of the code below it), code, why}],
 * and the source with those comments blanked (line numbers unchanged).
 */
function expectations(source) {
  const lines = source.split("\n");
  const expected = [];
  const stripped = lines.map((text, i) => {
    const m = /^\s*\/\/ @ts-expect-error \[(\d+)\] (.*)$/.exec(text);
    if (!m) return text;
    expected.push({ line: i + 2, code: Number(m[1]), why: m[2] });
    return "";
  });
  return { expected, stripped: stripped.join("\n") };
}

/** Writes `name` without its @ts-expect-error comments next to it and checks it fails exactly there. */
async function assertExpectedErrors(dir, name) {
  const { expected, stripped } = expectations(readFileSync(join(dir, name), "utf8"));
  assert.ok(expected.length > 0);
  const copy = name.replace(/\.(c|m)ts$/, ".stripped.$1ts");
  // The package's .d.ts are checked by the clean run; here only the consumer's errors matter.
  writeFiles(dir, { [copy]: stripped, "tsconfig.stripped.json": tsconfig([copy], { skipLibCheck: true }) });
  const r = await tsc(dir, "tsconfig.stripped.json");
  const got = diagnostics(r.stdout + r.stderr);
  assert.ok(got.every((d) => basename(d.file) === copy), r.stdout);
  const byLine = new Map();
  for (const d of got) byLine.set(d.line, [...new Set([...(byLine.get(d.line) ?? []), d.code])]);
  assert.deepEqual(
    [...byLine],
    expected.map(({ line, code }) => [line, [code]]),
    `errors without the @ts-expect-error comments:\n${r.stdout}`,
  );
  return expected;
}

/**
 * In-process type check of `files` (in `dir`) with `extra` compiler options, reporting only the
 * diagnostics of the consumer and of the package's own files: TypeScript's lib and @types/node
 * are not checked (the CLI runs above check everything; this keeps the variants fast).
 * Resolves to {errors: ["file(line): TSxxxx message"], loaded: the package's declaration files
 * the program read, relative to the package}.
 */
function checkOwnFiles(dir, files, extra) {
  const { options, errors } = ts.convertCompilerOptionsFromJson(compilerOptions(extra), dir);
  assert.deepEqual(errors, []);
  const program = ts.createProgram(files.map((f) => join(dir, f)), options);
  const own = program.getSourceFiles().filter((sf) => sf.fileName.startsWith(dir) && !sf.fileName.includes("/node_modules/@types/"));
  const pkgDir = join(dir, "node_modules", "app-admin-wasm") + "/";
  const loaded = own.filter((sf) => sf.fileName.startsWith(pkgDir)).map((sf) => sf.fileName.slice(pkgDir.length)).sort();
  assert.ok(loaded.length > 0, "the package's types were loaded");
  const diags = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(), ...own.flatMap((sf) => [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)])];
  return {
    errors: diags.map((d) => {
      const where = d.file ? `${d.file.fileName.slice(dir.length + 1)}(${d.file.getLineAndCharacterOfPosition(d.start).line + 1})` : "";
      return `${where}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
    }),
    loaded,
  };
}

// Started together in before() (two CPUs' worth of tsc); each test awaits its own.
let esmRun, cjsRun, esmExpected, cjsExpected;

before(async () => {
  pack = await packOnce("ts");
  [esm, cjs] = await Promise.all([scratch(pack, "ts-esm", {}, { type: "module" }), scratch(pack, "ts-cjs")]);
  copyFileSync(join(FIXTURES, "consumer.mts"), join(esm, "consumer.mts"));
  copyFileSync(join(FIXTURES, "consumer.cts"), join(cjs, "consumer.cts"));
  copyFileSync(join(FIXTURES, "disposable.mts"), join(esm, "disposable.mts"));
  writeFiles(esm, { "tsconfig.json": tsconfig(["consumer.mts"]) });
  // Not skipLibCheck: the CommonJS run is the one that checks index.d.cts.
  writeFiles(cjs, { "tsconfig.json": tsconfig(["consumer.cts"]) });
  const settle = (p) => p.then((value) => ({ value }), (error) => ({ error }));
  esmRun = tsc(esm, "tsconfig.json");
  cjsRun = tsc(cjs, "tsconfig.json");
  esmExpected = settle(assertExpectedErrors(esm, "consumer.mts"));
  cjsExpected = settle(assertExpectedErrors(cjs, "consumer.cts"));
});

after(() => pack?.cleanup());

const unwrap = async (settled) => {
  const { value, error } = await settled;
  if (error) throw error;
  return value;
};

test("an ES-module consumer using every export type-checks with tsc --strict --noEmit", async () => {
  const r = await esmRun;
  assert.equal(r.stdout + r.stderr, "");
  assert.equal(r.code, 0);
});

test("each @ts-expect-error in the ES-module consumer is the wrong shape it names", async (t) => {
  const expected = await unwrap(esmExpected);
  for (const e of expected) t.diagnostic(`line ${e.line}: TS${e.code} ${e.why}`);
  // The shapes the issue names are among them.
  for (const shape of ["misspelt field", "number where", "accessType", "apiKey is a string", "credentials is", "header's value is a string", "authScheme", "ApplicationDetail field", "expirationDate"]) {
    assert.ok(expected.some((e) => e.why.includes(shape)), shape);
  }
});

test("a CommonJS consumer (.cts, import = require) type-checks with tsc --strict --noEmit", async () => {
  const r = await cjsRun;
  assert.equal(r.stdout + r.stderr, "");
  assert.equal(r.code, 0);
  await unwrap(cjsExpected);
});

/**
 * The package's declared value exports, and the methods its declarations give each class's
 * instances (with lib esnext, so `[Symbol.dispose]` is among them), read from `file` (index.d.ts
 * for `import`, index.d.cts for `require`).
 */
function declaredApi(file = "index.d.ts") {
  const dir = join(esm, "node_modules", "app-admin-wasm");
  const program = ts.createProgram([join(dir, file)], { lib: ["lib.esnext.d.ts"], types: [], module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
  const checker = program.getTypeChecker();
  const values = checker
    .getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(join(dir, file))))
    .map((s) => [s.name, s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s])
    .filter(([, s]) => s.flags & ts.SymbolFlags.Value);
  const methods = {};
  for (const [name, s] of values) {
    if (!s.declarations?.some(ts.isClassDeclaration)) continue;
    // "free", "updateApp", … and "[Symbol.dispose]" (declared through the merged interface).
    methods[name] = checker
      .getPropertiesOfType(checker.getDeclaredTypeOfSymbol(s))
      .filter((p) => checker.getTypeOfSymbol(p).getCallSignatures().length > 0)
      .map((p) => String(p.escapedName).replace(/^__@(\w+)@\d+$/, "[Symbol.$1]"))
      .sort();
  }
  return { names: values.map(([name]) => name).sort(), methods };
}

/** Runs `code` (an ES module) in Node in the ESM scratch project and parses what it prints. */
const evaluate = async (code) => JSON.parse((await runOk(process.execPath, ["--input-type=module", "-e", code], { cwd: esm })).stdout);
const load = (entry) => (entry === "require" ? `(await import("node:module")).createRequire(import.meta.url + "/")("app-admin-wasm")` : `await import(${JSON.stringify(entry)})`);
const ENTRIES = { import: "app-admin-wasm", require: "require", browser: "./node_modules/app-admin-wasm/web/index.js" };

// The relay is server code: the Node entries export it, the browser entry does not (a bundler
// that meets an import of it for a page fails at build time).
const NODE_ONLY = ["createMerakiRelay", "createSymphonyRelay"];

test("the value exports the .d.ts declares are exactly what import and require give, and the browser entry less the relay", async () => {
  const { names } = declaredApi();
  assert.deepEqual(NODE_ONLY.filter((n) => !names.includes(n)), [], "the relay is declared");
  for (const [label, entry] of Object.entries(ENTRIES)) {
    const expected = label === "browser" ? names.filter((n) => !NODE_ONLY.includes(n)) : names;
    assert.deepEqual(await evaluate(`console.log(JSON.stringify(Object.keys(${load(entry)}).sort()))`), expected, label);
  }
});

/** The declared class methods missing at run time from `entry`'s classes, as "Class.method". */
async function missingMethods(entry) {
  const { methods } = declaredApi();
  return evaluate(`
    const api = ${load(entry)};
    const methods = ${JSON.stringify(methods)};
    const missing = [];
    for (const [cls, names] of Object.entries(methods)) {
      for (const name of names) {
        const key = name === "[Symbol.dispose]" ? Symbol.dispose : name;
        if (typeof api[cls].prototype[key] !== "function") missing.push(cls + "." + name);
      }
    }
    console.log(JSON.stringify(missing));`);
}

test("index.d.cts (require) declares the same values and methods as index.d.ts (import)", () => {
  const esmApi = declaredApi("index.d.ts");
  const cjsApi = declaredApi("index.d.cts");
  assert.deepEqual(cjsApi, esmApi);
  assert.ok(esmApi.names.includes("init") && esmApi.names.includes("MerakiClient"), esmApi.names.join(", "));
});

test("every method the .d.ts declares on the clients exists in Node (import and require)", async () => {
  assert.deepEqual(declaredApi().methods.MerakiClient, ["[Symbol.dispose]", "detachSites", "free", "getCallbackStatus", "prepareDetachSites", "prepareUpdatePrivateApplication", "updatePrivateApplication", "waitForCallback"]);
  assert.deepEqual(declaredApi().methods.SymphonyClient, ["[Symbol.dispose]", "free", "prepareUpdateApp", "updateApp"]);
  assert.deepEqual(await missingMethods(ENTRIES.import), []);
  assert.deepEqual(await missingMethods(ENTRIES.require), []);
});

test("every method the .d.ts declares on the clients exists in the browser entry", async () => {
  assert.deepEqual(await missingMethods(ENTRIES.browser), []);
});

test("a CommonJS consumer under module node16 resolves index.d.cts and type-checks", () => {
  const { errors, loaded } = checkOwnFiles(cjs, ["consumer.cts"], { module: "node16", moduleResolution: "node16" });
  assert.deepEqual(errors, []);
  assert.deepEqual(loaded, ["index.d.cts"]);
});

test("a CommonJS consumer in a Node-only project (node16, lib es2022, @types/node) type-checks", () => {
  const { errors, loaded } = checkOwnFiles(cjs, ["consumer.cts"], { module: "node16", moduleResolution: "node16", lib: ["es2022"] });
  assert.deepEqual(errors, []);
  assert.deepEqual(loaded, ["index.d.cts"]);
});

test("an ES-module consumer under module node16 resolves index.d.ts and types/", () => {
  const { errors, loaded } = checkOwnFiles(esm, ["consumer.mts"], { module: "node16", moduleResolution: "node16" });
  assert.deepEqual(errors, []);
  assert.deepEqual(loaded, ["index.d.ts", "types/app_admin_wasm.d.ts", "types/errors.d.ts"]);
});

test("a Node-only TypeScript project (lib es2022, no dom; @types/node) type-checks", () => {
  assert.deepEqual(checkOwnFiles(esm, ["consumer.mts"], { lib: ["es2022"] }).errors, []);
});

test("a browser-only TypeScript project (lib es2022 + dom, no @types/node, no esnext.disposable) type-checks", () => {
  assert.deepEqual(checkOwnFiles(esm, ["consumer.mts"], { types: [] }).errors, []);
});

test("a bundler TypeScript project (module preserve, moduleResolution bundler, lib dom, no @types/node) type-checks", () => {
  const { errors, loaded } = checkOwnFiles(esm, ["consumer.mts"], { module: "preserve", moduleResolution: "bundler", types: [] });
  assert.deepEqual(errors, []);
  assert.deepEqual(loaded, ["index.d.ts", "types/app_admin_wasm.d.ts", "types/errors.d.ts"]);
});

test("`using client = new …` type-checks where the lib declares Symbol.dispose, and only there", () => {
  // lib esnext.disposable (no @types/node), and @types/node (no esnext lib): the method is declared.
  assert.deepEqual(checkOwnFiles(esm, ["disposable.mts"], { lib: ["es2022", "dom", "esnext.disposable"], types: [] }).errors, []);
  assert.deepEqual(checkOwnFiles(esm, ["disposable.mts"], { lib: ["es2022"] }).errors, []);
  // Without either, the package still compiles; only the consumer's own `using` lines fail (and
  // TypeScript says `using` needs the global Disposable type).
  const { errors } = checkOwnFiles(esm, ["disposable.mts"], { types: [] });
  const consumers = (e) => e.startsWith("disposable.mts(") || e === ": TS2318 Cannot find global type 'Disposable'.";
  assert.ok(errors.length > 0 && errors.every(consumers), errors.join("\n"));
  assert.ok(errors.some((e) => /Symbol\.dispose|dispose/.test(e)), errors.join("\n"));
});
