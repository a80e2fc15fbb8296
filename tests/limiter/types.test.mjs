// The limiters' declarations as a TypeScript user meets them: fixtures/clients.mts, type-checked
// with the package's index.d.ts and the real node-redis and ioredis declarations (dev
// dependencies), must compile with no error: both clients accepted as they are, and every
// `@ts-expect-error` line refused (an unneeded one is an error too).
// Run: node --test tests/limiter/types.test.mjs (after make pkg).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import ts from "typescript";

test("node-redis and ioredis clients type-check as redisRateLimiter's redis; wrong shapes do not", () => {
  const file = join(import.meta.dirname, "fixtures", "clients.mts");
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    types: ["node"],
    // The client libraries' own declarations are theirs to check.
    skipLibCheck: true,
  });
  const problems = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : "";
    return `${where}TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
  assert.deepEqual(problems, []);
});
