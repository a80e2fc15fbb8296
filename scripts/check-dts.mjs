// Checks the public type declarations of the npm package (every .d.ts under pkg/, or under the
// directory given), parsed with TypeScript, so comments, strings and names like `company` never
// count:
//   - no `any` used as a type (`: any`, `<any>`, `any[]`, `| any`, `Promise<any>`, …);
//   - a doc comment (`/** … */`, not empty) on every exported declaration, on every field and
//     signature of an exported interface, type literal or class (merged declarations and
//     overloads count as documented when one of them is);
//   - nothing Rust-flavoured, which wasm-bindgen and tsify copy from the Rust doc comments: no
//     `crate::` anywhere, and in comments no intra-doc link (`](crate::…)`, `](super::…)`,
//     `](self::…)`, or a bare `` [`Name`] ``), no Rust path (`std::fmt`, `Option::is_none`), no
//     Rust-only type (`Option<`, `Vec<`, `Result<`, `Box<`, `&str`, `&mut`, `&'a`, `u32`, `i64`,
//     `f64`, …), no attribute (`#[serde(…)]`) and no `Some(`/`Ok(`/`Err(` or `` `None` `` (see RUST).
// Prints one `file:line: …` line per problem and exits 1 when there is any; exits 0 otherwise.
//   node scripts/check-dts.mjs [dir] [--json]
// --json prints {files, any: [{file, line, column, text}], undocumented: [{file, line, name}],
// rust: [{file, line, column, kind, text}]} instead (same exit code; paths relative to the
// checked directory), for tests.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import ts from "typescript";

const args = process.argv.slice(2);
const json = args.includes("--json");
const root = resolve(args.find((a) => !a.startsWith("--")) ?? join(import.meta.dirname, "..", "pkg"));

function declarationFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules") return [];
    if (statSync(path).isDirectory()) return declarationFiles(path);
    return /\.d\.(c|m)?ts$/.test(name) ? [path] : [];
  });
}

/** True when a non-empty `/** … *\/` comment sits right before `node` (after any other comments). */
function hasDoc(node, text) {
  const ranges = ts.getLeadingCommentRanges(text, node.pos) ?? [];
  return ranges.some((r) => {
    const body = text.slice(r.pos, r.end);
    if (!body.startsWith("/**") || body === "/**/") return false;
    return body.slice(3, -2).replace(/^\s*\*/gm, "").trim() !== "";
  });
}

const isExported = (node) => (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export) !== 0;
const isPrivate = (member) =>
  (member.name && ts.isPrivateIdentifier(member.name)) ||
  (ts.canHaveModifiers(member) && (ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Private) !== 0);

function memberName(member, sf) {
  if (ts.isConstructorDeclaration(member) || ts.isConstructSignatureDeclaration(member)) return "constructor";
  if (ts.isIndexSignatureDeclaration(member)) return `[${member.parameters.map((p) => p.getText(sf)).join(", ")}]`;
  if (ts.isCallSignatureDeclaration(member)) return "()";
  if (!member.name) return "?";
  return ts.isComputedPropertyName(member.name) ? member.name.getText(sf) : member.name.getText(sf);
}

function declarationName(node, sf) {
  if (ts.isVariableStatement(node)) return node.declarationList.declarations.map((d) => d.name.getText(sf)).join(", ");
  return node.name ? node.name.getText(sf) : "default";
}

/**
 * Rust-only text, by kind. `where: "anywhere"` patterns are looked for in the whole file, the
 * others only in comments (a TypeScript type may be called `Result<T>`; a doc comment that says
 * `Result<T, E>` was written for Rust). Each is narrow enough for prose and TypeScript: `://` in a
 * URL is no path, IPv6 (`fe80::1`) is not one either (a path's first segment is not all hex
 * digits), `Uint8Array` and `int64` are no Rust integers, a markdown link `[text](https://…)` and
 * `[Symbol.dispose]()` are no intra-doc links.
 */
const RUST = [
  { kind: "crate-path", where: "anywhere", re: /\bcrate::/g },
  { kind: "intra-doc-link", re: /\]\(\s*(?:crate|super|self)::/g },
  { kind: "intra-doc-link", re: /\[`[^`\n]+`\](?![(\[:])/g },
  { kind: "rust-path", re: /(?<![\w:])(?!crate::)(?![0-9a-fA-F]+::)[A-Za-z_][A-Za-z0-9_]*::(?=[A-Za-z_<{*])/g },
  { kind: "rust-type", re: /\b(?:Option|Vec|Result|Box|HashMap|BTreeMap|HashSet|BTreeSet|Cow|Rc|Arc|RefCell|Cell|Received|PhantomData)</g },
  { kind: "rust-type", re: /&(?:'[a-z_]+\s+)?(?:mut\s+)?(?:str\b|\[[A-Za-z&])|&mut\s|&'(?:static|[a-z])\b/g },
  { kind: "rust-type", re: /(?<![\w.-])(?:u8|u16|u32|u64|u128|usize|i8|i16|i32|i64|i128|isize|f32|f64)(?![\w-])/g },
  { kind: "rust-attribute", re: /#!?\[\s*[a-z_][a-z0-9_]*\s*(?:[(\]=]|::)/g },
  { kind: "rust-value", re: /\b(?:Some|Ok|Err)\(|`None`/g },
];

/** Every comment of `text`, as [start, end) ranges (the scanner skips strings and templates). */
function commentRanges(text) {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const ranges = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) {
      ranges.push([scanner.getTokenStart?.() ?? scanner.getTokenPos(), scanner.getTextPos()]);
    }
  }
  return ranges;
}

/** The Rust-only text of one file: [{line, column, kind, text}], in order. */
function rustFindings(text, sf) {
  const found = [];
  const seen = new Set();
  const add = (at, kind) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(at);
    const key = `${line}:${character}:${kind}`;
    if (seen.has(key)) return;
    seen.add(key);
    found.push({ line: line + 1, column: character + 1, kind, text: text.split("\n")[line].trim() });
  };
  const comments = commentRanges(text);
  for (const { kind, where, re } of RUST) {
    const spans = where === "anywhere" ? [[0, text.length]] : comments;
    for (const [start, end] of spans) {
      for (const m of text.slice(start, end).matchAll(re)) add(start + m.index, kind);
    }
  }
  return found.sort((a, b) => a.line - b.line || a.column - b.column);
}

const anyUses = [];
const rustUses = [];
const groups = new Map(); // "file\0name" → {file, line, name, documented}
const note = (file, sf, node, name, documented) => {
  const key = `${file}\0${name}`;
  const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const seen = groups.get(key);
  if (seen) seen.documented ||= documented;
  else groups.set(key, { file, line, name, documented });
};

const files = declarationFiles(root).sort();
for (const path of files) {
  const text = readFileSync(path, "utf8");
  // Shown relative to the working directory; in --json, relative to the checked directory.
  const file = json ? relative(root, path) : relative(process.cwd(), path) || path;
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);

  // `any` as a type: the parser's AnyKeyword nodes (JSDoc is not walked by forEachChild).
  (function walk(node) {
    if (node.kind === ts.SyntaxKind.AnyKeyword) {
      const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      const lineText = text.split("\n")[line].trim();
      anyUses.push({ file, line: line + 1, column: character + 1, text: lineText });
    }
    ts.forEachChild(node, walk);
  })(sf);

  for (const r of rustFindings(text, sf)) rustUses.push({ file, ...r });

  // Doc comments on exported declarations and their members.
  for (const statement of sf.statements) {
    if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement) || ts.isImportDeclaration(statement)) continue;
    if (!isExported(statement)) continue;
    const name = declarationName(statement, sf);
    note(file, sf, statement, name, hasDoc(statement, text));
    let members = [];
    if (ts.isInterfaceDeclaration(statement) || ts.isClassDeclaration(statement)) members = statement.members;
    else if (ts.isTypeAliasDeclaration(statement) && ts.isTypeLiteralNode(statement.type)) members = statement.type.members;
    for (const member of members) {
      if (isPrivate(member)) continue;
      note(file, sf, member, `${name}.${memberName(member, sf)}`, hasDoc(member, text));
    }
  }
}

const undocumented = [...groups.values()].filter((g) => !g.documented).map(({ file, line, name }) => ({ file, line, name }));
const failed = anyUses.length > 0 || undocumented.length > 0 || rustUses.length > 0;

if (json) {
  console.log(JSON.stringify({ files: files.map((f) => relative(root, f)), any: anyUses, undocumented, rust: rustUses }, null, 2));
} else if (files.length === 0) {
  console.error(`check-dts: no .d.ts files under ${root}`);
  process.exit(1);
} else {
  for (const a of anyUses) console.log(`${a.file}:${a.line}:${a.column}: \`any\` used as a type: ${a.text}`);
  for (const u of undocumented) console.log(`${u.file}:${u.line}: no doc comment: ${u.name}`);
  for (const r of rustUses) console.log(`${r.file}:${r.line}:${r.column}: Rust-only text (${r.kind}): ${r.text}`);
  console.log(
    failed
      ? `check-dts: ${anyUses.length} use(s) of \`any\`, ${undocumented.length} declaration(s) without a doc comment, ${rustUses.length} piece(s) of Rust-only text in ${files.length} file(s)`
      : `check-dts: ${files.length} file(s): no \`any\`, every export and field documented, no Rust-only text`,
  );
}
process.exit(failed || files.length === 0 ? 1 : 0);
