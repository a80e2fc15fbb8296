// The values of the headers a webhook receiver passes to verifyDetachSitesCallback (see
// src/bindings/headers.rs). Read here, and handed over as one JSON text that the crate's own
// reader takes: reading them through js-sys calls, or returning a Vec<String>, costs the wasm
// 2.7 to 3.5 KB.

const MAX_HEADERS = 10000;

/**
 * Every string value in `headers` (an object), as a JSON array: the second member of each item when it is
 * iterable (a `Headers` object, a `Map`, `[name, value]` pairs), else the value of each own
 * enumerable property (Node's `req.headers`). A value may be a string or an array of strings;
 * anything else (`undefined` for a header Node left out) holds no secret. Throws "too-many" past
 * 10,000 values (an endless iterator ends there), and whatever reading throws (a hostile getter).
 */
export function headerValues(headers) {
  const out = [];
  // A string with a lone surrogate is no one's secret, and JSON would escape it past reading.
  const text = (v) => typeof v === "string" && (typeof v.isWellFormed !== "function" || v.isWellFormed());
  const add = (value) => {
    if (text(value)) out.push(value);
    else if (Array.isArray(value)) {
      for (const item of value.slice(0, MAX_HEADERS + 1)) if (text(item)) out.push(item);
    }
    if (out.length > MAX_HEADERS) throw "too-many";
  };
  if (typeof headers[Symbol.iterator] === "function") {
    let count = 0;
    for (const pair of headers) {
      if (++count > MAX_HEADERS) throw "too-many";
      if (pair !== null && typeof pair === "object") add(pair[1]);
    }
  } else {
    for (const name of Object.keys(headers)) add(headers[name]);
  }
  return JSON.stringify(out);
}
