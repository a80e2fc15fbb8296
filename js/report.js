// A validation report rebuilt from the one string the wasm packs it into (see
// `ValidationReport::packed`): one call and one string, where building it through
// serde-wasm-bindgen crossed into JavaScript for every object, field and string.

/**
 * `{ valid, errors, warnings }` from `packed` (each issue's path, code and message, each as its
 * length in UTF-16 units, a colon and the text; errors first) and the number of errors.
 */
export function report(packed, errorCount) {
  const errors = [];
  const warnings = [];
  let at = 0;
  const field = () => {
    const colon = packed.indexOf(":", at);
    const end = colon + 1 + Number(packed.slice(at, colon));
    const text = packed.slice(colon + 1, end);
    at = end;
    return text;
  };
  // (A malformed string makes `at` NaN, which ends the loop: never a hang.)
  while (at < packed.length) {
    const issue = { path: field(), code: field(), message: field() };
    (errors.length < errorCount ? errors : warnings).push(issue);
  }
  return { valid: errorCount === 0, errors, warnings };
}
