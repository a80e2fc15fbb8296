// Symphony's RSA sign-in, the part that needs WebCrypto (asynchronous, so JavaScript): signing
// the JWT. The key arrives as PKCS#8 DER, checked (and a PKCS#1 key wrapped) by the module.

const encoder = new TextEncoder();

function base64url(bytes) {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function part(value) {
  return base64url(encoder.encode(JSON.stringify(value)));
}

/**
 * A compact JWT `{"alg":"RS512","typ":"JWT"}.{"sub": username, "exp": now + 240 s}.signature`,
 * signed with RSASSA-PKCS1-v1_5 / SHA-512. Rejects with "webcrypto" where `crypto.subtle` is
 * missing (Node before 20.19, a page that is not a secure context) and with "import" when
 * WebCrypto refuses the key; never with anything that holds the key.
 */
export async function signJwt(pkcs8, username) {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw "webcrypto";
  const algorithm = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-512" };
  let key;
  try {
    key = await subtle.importKey("pkcs8", pkcs8, algorithm, false, ["sign"]);
  } catch {
    throw "import";
  }
  const exp = Math.floor(Date.now() / 1000) + 240; // the pod refuses more than 5 minutes
  const signed = `${part({ alg: "RS512", typ: "JWT" })}.${part({ sub: username, exp })}`;
  const signature = await subtle.sign(algorithm.name, key, encoder.encode(signed));
  return `${signed}.${base64url(new Uint8Array(signature))}`;
}

/**
 * The provider handed to the caller: a plain async function with no properties of its own, so
 * neither `util.inspect` nor JSON shows anything of the sign-in behind it (the key stays in
 * the module's memory).
 */
export function tokenProvider(signIn) {
  return async function rsaSessionTokenProvider() {
    return signIn();
  };
}
