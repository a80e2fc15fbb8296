// How a value that cannot become the JSON we check is reported: too deep, or not JSON at all.
// Run: node --test tests/node/json-input.test.mjs

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  MerakiClient, ValidationError, validateApplicationDetail, validatePrivateApplicationUpdate as validate,
} from "../../pkg/node/index.mjs";

const nested = (levels, leaf = {}) => {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};
const codes = (report) => report.errors.map((e) => e.code);

test("a value nested 128 levels deep or more is too-deep, at the root", () => {
  const report = validate({ name: "Jira", extra: nested(200) });
  assert.deepEqual(report.errors, [
    { path: "", code: "too-deep", message: "The value is nested 128 levels deep or more." },
  ]);
  assert.equal(report.valid, false);
});

test("127 levels are read and 128 are too deep, as serde_json had it", () => {
  // The root object, then `nested(k)` adds k + 1 objects.
  assert.ok(!codes(validate({ name: "Jira", extra: nested(125) })).includes("too-deep"));
  assert.deepEqual(codes(validate({ name: "Jira", extra: nested(126) })), ["too-deep"]);
});

test("nesting under the limit is validated as usual", () => {
  const report = validate({ name: "Jira", extra: nested(100) });
  assert.ok(!codes(report).includes("too-deep"), JSON.stringify(report));
  assert.ok(!codes(report).includes("not-json"), JSON.stringify(report));
});

test("brackets inside strings do not count as nesting", () => {
  const report = validate({ name: "[".repeat(300), description: "{".repeat(300) });
  assert.ok(!codes(report).includes("too-deep"), JSON.stringify(report.errors));
  assert.ok(codes(report).includes("name-characters"));
  // The reader counts nesting as it reads: brackets in strings, after escaped quotes too, never
  // count, and a lone surrogate is not-json however many brackets the string holds.
  for (const name of ["[".repeat(300) + "\ud800", '\\"' + "{".repeat(300) + "\ud800", "\ud800" + '"[[' + "[".repeat(300)]) {
    assert.deepEqual(codes(validate({ name })), ["not-json"], JSON.stringify(name).slice(0, 40));
  }
});

test("a lone surrogate is not-json, not too-deep", () => {
  const report = validate({ name: "Jira\ud800" });
  assert.deepEqual(codes(report), ["not-json"]);
});

test("a Map or a Set is refused at the root, not read as the empty object JSON makes of it", () => {
  for (const value of [new Map([["name", "Jira"]]), new Set(["Jira"])]) {
    for (const report of [validate(value), validateApplicationDetail(value)]) {
      assert.equal(report.valid, false);
      assert.deepEqual(codes(report), ["type"]);
      assert.equal(report.errors[0].path, "");
      assert.match(report.errors[0].message, /Map or a Set/);
    }
  }
  const client = new MerakiClient({ apiKey: "k" });
  assert.throws(() => client.prepareUpdatePrivateApplication("1", "2", new Map([["name", "Jira"]])), ValidationError);
  // an object that merely holds a Map is still read as JSON writes it
  assert.ok(!codes(validate({ name: "Jira", extra: new Map() })).includes("type"));
});
