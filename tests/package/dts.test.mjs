// The public .d.ts as users receive them (unpacked from the `npm pack` tarball), checked by
// scripts/check-dts.mjs: no `any`, a doc comment on every export and field, and no Rust-only text
// copied from the Rust doc comments (intra-doc links, `crate::` paths, `Option<…>`, `&str`, …).
// The checker is first tried on declarations made to break each rule, so a silent checker cannot
// pass.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT, packOnce, run, runOk, writeFiles } from "./scratch.mjs";

const CHECK = join(ROOT, "scripts", "check-dts.mjs");
let pack, unpacked, report, exitCode;

before(async () => {
  pack = await packOnce("dts");
  unpacked = join(pack.dir, "unpacked");
  mkdirSync(unpacked);
  await runOk("tar", ["-xzf", pack.tarball, "-C", unpacked]);
  const r = await run(process.execPath, [CHECK, join(unpacked, "package"), "--json"]);
  report = JSON.parse(r.stdout);
  exitCode = r.code;
});

after(() => pack?.cleanup());

test("check-dts finds `any` used as a type, and only there", async () => {
  const dir = join(pack.dir, "bad-any");
  writeFiles(dir, {
    "index.d.ts": [
      "/** Fine: `any` in a comment, and names that contain it. */",
      "export declare function company(anything: string, many: \"any\"): string;",
      "/** A field. */",
      "export interface A {",
      "  /** A. */ a: any;",
      "  /** B. */ b: Promise<any>;",
      "  /** C. */ c: any[];",
      "  /** D. */ d: string | any;",
      "  /** E. */ e: Record<string, any>;",
      "}",
      "/** F. */",
      "export declare function f(x: unknown): any;",
      "// any",
      "/* any */",
      "",
    ].join("\n"),
  });
  const r = await run(process.execPath, [CHECK, dir]);
  assert.equal(r.code, 1);
  const lines = r.stdout.trim().split("\n").slice(0, -1);
  assert.deepEqual(lines.map((l) => l.replace(/^.*?index\.d\.ts:/, "")), [
    "5:16: `any` used as a type: /** A. */ a: any;",
    "6:24: `any` used as a type: /** B. */ b: Promise<any>;",
    "7:16: `any` used as a type: /** C. */ c: any[];",
    "8:25: `any` used as a type: /** D. */ d: string | any;",
    "9:31: `any` used as a type: /** E. */ e: Record<string, any>;",
    "12:40: `any` used as a type: export declare function f(x: unknown): any;",
  ]);
});

test("check-dts names exports and fields without a doc comment", async () => {
  const dir = join(pack.dir, "bad-docs");
  writeFiles(dir, {
    "a.d.ts": [
      "/** Documented. */",
      "export interface Merged {",
      "  /** Documented. */ ok: string;",
      "  missing: number;",
      "}",
      "export interface Merged { [field: string]: unknown }",
      "// a plain comment is not a doc comment",
      "export declare function bare(): void;",
      "/** */",
      "export type Empty = string;",
      "/** A class. */",
      "export declare class C {",
      "  private secret;",
      "  free(): void;",
      "  /** Documented. */ constructor(x: string);",
      "}",
      "export * from './b.js';",
      "",
    ].join("\n"),
  });
  const r = await run(process.execPath, [CHECK, dir, "--json"]);
  assert.equal(r.code, 1);
  const got = JSON.parse(r.stdout);
  assert.deepEqual(got.any, []);
  assert.deepEqual(got.undocumented.map((u) => `${u.line} ${u.name}`), [
    "4 Merged.missing",
    "6 Merged.[field: string]",
    "8 bare",
    "10 Empty",
    "14 C.free",
  ]);
});

test("check-dts finds Rust-only text in comments (and `crate::` anywhere), and only there", async () => {
  // [line, the kinds it must be flagged with]; [] for text that must pass.
  const lines = [
    ["/**", []],
    [" * Fine: https://api.meraki.com/api/v1, fe80::1 and ::1, a Uint8Array, an int64, UTF-8,", []],
    [" * [the page](https://example.com), `[Symbol.dispose]()`, `Promise<string>`, A & B,", []],
    [" * `Record<string, string>`, `{podUrl}/pod/v1`, None of these, Some (text), a #hash.", []],
    [" * [`Received<T>`](crate::core::received::Received)", ["crate-path", "intra-doc-link", "rust-type"]],
    [" * see [`verify`](super::callback::verify)", ["intra-doc-link", "rust-path"]],
    [" * and [`x`](self::x)", ["intra-doc-link", "rust-path"]],
    [" * a bare intra-doc link: [`ApplicationDetail`].", ["intra-doc-link"]],
    [" * std::fmt::Debug", ["rust-path"]],
    [" * Option<String>", ["rust-type"]],
    [" * Vec<AppProperty>", ["rust-type"]],
    [" * Result<(), Box<Error>>", ["rust-type"]],
    [" * takes a &str", ["rust-type"]],
    [" * from &mut self", ["rust-type"]],
    [" * a &'static str", ["rust-type"]],
    [" * an u32 or i64, an f64", ["rust-type"]],
    [' * #[serde(rename_all = "camelCase")]', ["rust-attribute"]],
    [" * Some(x), Ok(()), Err(e), `None`", ["rust-value"]],
    [" */", []],
    ["export interface Fine {", []],
    ["  /** A & B, `Promise<string[]>`. */ a: string;", []],
    ["  // Option<String> in a line comment", ["rust-type"]],
    ["  /** Literal types are code. */ b: \"crate::x\" | \"Option<u32>\";", ["crate-path"]],
    ["}", []],
    ["", []],
  ];
  const dir = join(pack.dir, "bad-rust");
  writeFiles(dir, { "index.d.ts": lines.map(([text]) => text).join("\n") });
  const r = await run(process.execPath, [CHECK, dir, "--json"]);
  assert.equal(r.code, 1);
  const got = JSON.parse(r.stdout);
  assert.deepEqual([got.any, got.undocumented], [[], []]);
  const kindsAt = new Map();
  for (const f of got.rust) {
    assert.equal(f.file, "index.d.ts");
    assert.equal(f.text, lines[f.line - 1][0].trim());
    kindsAt.set(f.line, [...new Set([...(kindsAt.get(f.line) ?? []), f.kind])].sort());
  }
  lines.forEach(([text, kinds], i) => {
    assert.deepEqual(kindsAt.get(i + 1) ?? [], kinds, `line ${i + 1}: ${text}`);
  });
  // Without --json: one line per finding, and the summary.
  const plain = await run(process.execPath, [CHECK, dir]);
  assert.equal(plain.code, 1);
  assert.match(plain.stdout, /index\.d\.ts:5:\d+: Rust-only text \(crate-path\): \* \[`Received<T>`\]/);
  assert.match(plain.stdout, new RegExp(`${got.rust.length} piece\\(s\\) of Rust-only text`));
});

test("the package's public .d.ts (from the tarball) hold no Rust-only text", (t) => {
  for (const r of report.rust) t.diagnostic(`${r.file}:${r.line}:${r.column}: ${r.kind}: ${r.text}`);
  assert.deepEqual(report.rust, []);
});

test("the package's public .d.ts (from the tarball) use no `any`", () => {
  assert.deepEqual(report.files.sort(), ["index.d.cts", "index.d.ts", "types/app_admin_wasm.d.ts", "types/errors.d.ts"]);
  assert.deepEqual(report.any, []);
});

test("every export and field of the package's public .d.ts has a doc comment", (t) => {
  for (const u of report.undocumented) t.diagnostic(`${u.file}:${u.line}: ${u.name}`);
  assert.deepEqual(report.undocumented, []);
  assert.equal(exitCode, 0);
});
