// What the page could hold or have seen, for the relay tests in either browser: the secrets the
// demo server keeps, a function that gathers everything the page holds, and the search.
import { DEMO_API_KEY, DEMO_SESSION_TOKEN } from "../../scripts/demo-server.mjs";

export const SECRETS = [DEMO_API_KEY, DEMO_SESSION_TOKEN];

/**
 * Runs in the page: everything script in the page could read, as text, by place: the whole DOM,
 * both storages, the cookies it can read, the controls' current values (not part of the DOM's
 * HTML), and every own enumerable property of window that JSON can write.
 */
export function pageHoldings() {
  const globals = {};
  for (const name of Object.keys(window)) {
    try {
      const json = JSON.stringify(window[name]);
      if (json !== undefined) globals[name] = json;
    } catch {
      // cyclic or hostile to JSON: nothing readable this way
    }
  }
  const storage = (s) => JSON.stringify(Object.fromEntries(Object.keys(s).map((k) => [k, s.getItem(k)])));
  return {
    dom: document.documentElement.outerHTML,
    localStorage: storage(localStorage),
    sessionStorage: storage(sessionStorage),
    cookie: document.cookie,
    controls: JSON.stringify([...document.querySelectorAll("input, textarea, select")].map((c) => c.value)),
    globals: JSON.stringify(globals),
    globalCount: String(Object.keys(globals).length),
  };
}

/** "<place> holds <secret>" for each secret found in each `{place: text}`. */
export function findSecrets(places, secrets = SECRETS) {
  const found = [];
  for (const [place, text] of Object.entries(places)) {
    for (const secret of secrets) if (String(text).includes(secret)) found.push(`${place} holds ${secret}`);
  }
  return found;
}
