// Two builds of the package side by side, interleaved in one process, so that a change can be
// judged by ratios rather than by figures from different moments of a noisy machine:
// validations per second (typical update and 20 issues; the two must give the same reports)
// and cold start through `import` and `require` (paired against an empty process).
// Run: node tests/bench/compare.mjs <old pkg/ dir> [new pkg/ dir, default ./pkg]
// (an old pkg/: `git worktree add /tmp/old <rev>`, then `make pkg` there.)

import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { apiPageExample, twentyIssues } from "./inputs.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const [oldDir, newDir = path.join(ROOT, "pkg")] = process.argv.slice(2);
if (!oldDir) {
  console.error("usage: node tests/bench/compare.mjs <old pkg/ dir> [new pkg/ dir]");
  process.exit(2);
}
const entry = (dir, file) => path.resolve(dir, "node", file);
const require = createRequire(import.meta.url);
const builds = { old: require(entry(oldDir, "index.cjs")), new: require(entry(newDir, "index.cjs")) };
const typical = apiPageExample();
const twenty = twentyIssues();
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

for (const value of [typical, twenty]) {
  const [a, b] = [builds.old, builds.new].map((m) => JSON.stringify(m.validatePrivateApplicationUpdate(value)));
  if (a !== b) console.log(`note: the two builds give different reports:\n  old ${a}\n  new ${b}`);
}

const rate = (m, value, ms = 200) => {
  let n = 0;
  let sink = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let i = 0; i < 200; i++) sink += m.validatePrivateApplicationUpdate(value).errors.length;
    n += 200;
    t = performance.now();
  }
  if (sink < 0) console.log(sink);
  return (n / (t - t0)) * 1000;
};
for (const [name, value] of [["typical update", typical], ["update with 20 issues", twenty]]) {
  rate(builds.old, value, 300);
  rate(builds.new, value, 300);
  const ratios = [];
  for (let i = 0; i < 20; i++) {
    // alternating which goes first: the second of two runs often gets a warmer machine
    const [o, n] = i % 2 ? [rate(builds.old, value), rate(builds.new, value)] : [rate(builds.new, value), rate(builds.old, value)].reverse();
    ratios.push(n / o);
  }
  console.log(`validations per second, ${name}: new / old ${median(ratios).toFixed(2)} (median of 20 interleaved rounds)`);
}

const spawnMs = (args) => {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args);
  if (r.status !== 0) throw new Error(String(r.stderr));
  return performance.now() - t0;
};
const example = JSON.stringify(typical);
const starts = {
  import: (dir) => ["--input-type=module", "-e", `import { validatePrivateApplicationUpdate as v } from ${JSON.stringify(entry(dir, "index.mjs"))}; v(${example});`],
  require: (dir) => ["-e", `require(${JSON.stringify(entry(dir, "index.cjs"))}).validatePrivateApplicationUpdate(${example});`],
};
const empty = ["-e", ""];
for (const [kind, args] of Object.entries(starts)) {
  const runs = { e: empty, o: args(oldDir), n: args(newDir) };
  for (const a of Object.values(runs)) spawnMs(a);
  const over = { o: [], n: [] };
  for (let i = 0; i < 31; i++) {
    const t = {};
    for (const k of i % 2 ? ["e", "o", "n"] : ["n", "o", "e"]) t[k] = spawnMs(runs[k]);
    over.o.push(t.o - t.e);
    over.n.push(t.n - t.e);
  }
  const diff = median(over.n.map((x, i) => x - over.o[i]));
  console.log(`cold start, ${kind} + 1 validation over an empty process: old ${median(over.o).toFixed(1)} ms, new ${median(over.n).toFixed(1)} ms, new − old ${diff.toFixed(1)} ms (medians of 31 paired runs)`);
}
