// Builds the `Upstash-Signature` JWT QStash puts on every delivery, byte for byte what
// `Receiver.verify` in @upstash/qstash 2.12 checks: HS256 keyed with the signing key's UTF-8 bytes,
// `iss` "Upstash", `sub` the exact destination URL, `body` the base64url SHA-256 of the raw body
// (padding stripped; the Receiver strips it on both sides, so either form verifies), `exp`/`nbf`.
import { createHash, createHmac, randomBytes } from "node:crypto";

export interface SignQStashRequestOptions {
  /** Signing key as shown in the QStash console (used as-is, not base64-decoded, like the Receiver). */
  signingKey: string;
  /** Destination URL exactly as the receiver will check it. */
  url: string;
  /** The raw body the receiver will hash. */
  body: string | Uint8Array;
  /** Issue time; tests move it back to forge expired tokens. @default new Date() */
  now?: Date;
  /** Lifetime; QStash's tokens live 5 minutes. @default 300 */
  expiresInSeconds?: number;
}

export function signQStashRequest(options: SignQStashRequestOptions): string {
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const header = { alg: "HS256", typ: "JWT" };
  const claims = {
    iss: "Upstash",
    sub: options.url,
    exp: issuedAt + (options.expiresInSeconds ?? 300),
    nbf: issuedAt,
    iat: issuedAt,
    jti: `jwt_sim_${randomBytes(12).toString("hex")}`,
    body: qstashBodyHash(options.body),
  };
  const signingInput = `${base64urlJson(header)}.${base64urlJson(claims)}`;
  const signature = createHmac("sha256", options.signingKey)
    .update(signingInput)
    .digest("base64url");
  return `${signingInput}.${signature}`;
}

/** base64url(SHA-256(body)) without padding: the JWT's `body` claim. */
export function qstashBodyHash(body: string | Uint8Array): string {
  return createHash("sha256").update(body).digest("base64url");
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}
