// fast-check arbitraries for requests that must be refused: job bodies that are invalid by
// construction (a valid body with exactly one thing broken, or no body shape at all), forged
// credentials, odd paths and headers. "Invalid by construction" matters: a fuzzer that sometimes
// produced a valid job could not demand 4xx and an unchanged queue.
import fc from "fast-check";

/** Strings that can never parse as an http(s) URL: no "http" hidden in them, even with tabs. */
const notHttp = fc
  .string({ unit: "binary", maxLength: 80 })
  .filter((s) => !/h[\s\S]{0,3}t[\s\S]{0,3}t[\s\S]{0,3}p/i.test(s));

export const badUrl = fc.oneof(
  notHttp,
  fc.constantFrom(
    "ftp://video.example/a.mp4",
    "javascript:alert(1)",
    "//video.example/a.mp4",
    "http://",
    "https://exa mple.com/a.mp4",
    "http://[::1/a.mp4",
    "mailto:someone@example.com",
    `https://video.example/${"a".repeat(2100)}`,
  ),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 3 }),
);

const notAString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue(), { maxKeys: 3 }),
);

const JOB_KEYS = ["videoUrl", "projectId", "options", "callbackUrl", "priority", "idempotencyKey"];
const OPTION_KEYS = [
  "language", "targetClipCount", "maxClipCount", "minDuration", "maxDuration", "targetDuration",
  "editingOptions", "dimensions", "exportTop",
]; // biome-ignore format: a word list
const unknownKey = (known: string[]) =>
  fc.string({ unit: "binary", minLength: 1, maxLength: 20 }).filter((k) => !known.includes(k));

const badOptions = fc.oneof(
  notAString.filter((v) => v === null || typeof v !== "object" || Array.isArray(v)),
  fc.string(),
  fc
    .record({ key: unknownKey(OPTION_KEYS), value: fc.jsonValue() })
    .map(({ key, value }) => ({ [key]: value })),
  fc.constantFrom(
    { targetClipCount: 0 },
    { targetClipCount: 31 },
    { maxClipCount: 1.5 },
    { minDuration: "10" },
    { minDuration: 60, maxDuration: 30 },
    { dimensions: { width: 0, height: 1080 } },
    { dimensions: { width: 1080 } },
    { language: "x" },
    { exportTop: -1 },
    { editingOptions: { captions: [true] } },
  ),
);

/** One invalidating change to a valid body. */
const mutation = fc.oneof(
  badUrl.map((v) => ({ set: { videoUrl: v } })),
  fc
    .oneof(notAString, fc.constant(""), fc.string({ minLength: 201, maxLength: 400 }))
    .map((v) => ({ set: { projectId: v } })),
  fc
    .record({ key: unknownKey(JOB_KEYS), value: fc.jsonValue() })
    .map(({ key, value }) => ({ set: { [key]: value } })),
  fc.constantFrom("videoUrl", "projectId").map((key) => ({ drop: key })),
  fc
    .oneof(
      fc.string().filter((p) => !["high", "normal", "low"].includes(p)),
      notAString,
    )
    .map((v) => ({ set: { priority: v } })),
  fc
    .oneof(fc.constant(""), fc.string({ minLength: 201, maxLength: 300 }), notAString)
    .map((v) => ({ set: { idempotencyKey: v } })),
  badOptions.map((v) => ({ set: { options: v } })),
  badUrl.map((v) => ({ set: { callbackUrl: v } })),
);

/** A POST /api/jobs body that must be refused with 400 (or 413 when it is over 64 KB). */
export const badJobBody: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: mutation.map(applyMutation) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
  {
    weight: 1,
    arbitrary: fc
      .jsonValue()
      .filter((v) => v === null || typeof v !== "object" || Array.isArray(v))
      .map((v) => JSON.stringify(v)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom("", "{", "{}", "[]", "null", '{"videoUrl":', "\u0000", "\ufeff{}"),
  },
  {
    weight: 1,
    arbitrary: fc
      .nat({ max: 20_000 })
      .map((n) =>
        JSON.stringify({ ...VALID_JOB, projectId: "p", padding: "é".repeat(33_000 + n) }),
      ),
  },
);

export const VALID_JOB = { videoUrl: "https://video.example/fuzz.mp4", projectId: "fuzz" };

function applyMutation(m: { set?: Record<string, unknown>; drop?: string }): string {
  const body: Record<string, unknown> = { ...VALID_JOB, ...m.set };
  if (m.drop) delete body[m.drop];
  return JSON.stringify(body);
}

/**
 * An Authorization header value that is not `Bearer <expected>` for any of `expected`; with `wire`,
 * only bytes a real HTTP client can send.
 */
export function forgedAuthorization(
  valid: string[],
  { wire = false } = {},
): fc.Arbitrary<string | undefined> {
  const tweak = fc
    .tuple(fc.constantFrom(...valid), fc.nat(), fc.string({ minLength: 1, maxLength: 1 }))
    .map(([token, at, ch]) => {
      const i = at % token.length;
      return token.slice(0, i) + ch + token.slice(i + 1);
    });
  return fc
    .oneof(
      fc.constant(undefined),
      fc.string({ unit: "binary", maxLength: 60 }),
      fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`),
      tweak.map((t) => `Bearer ${t}`),
      fc.constantFrom(...valid).map((t) => `Basic ${Buffer.from(t).toString("base64")}`),
      fc.constantFrom(...valid).map((t) => `Bearer ${t}${t}`),
      fc.constantFrom(...valid).map((t) => `Token ${t}`),
    )
    .map((h) => (h === undefined ? undefined : wire ? wireValue(latin1(h)) : latin1(h)))
    .filter((h) => h === undefined || !valid.some((t) => isBearerFor(h, t)));
}

function isBearerFor(header: string, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1] === token;
}

/** A header value as it would arrive over HTTP: Latin-1 bytes, no CR/LF/NUL, no edge whitespace. */
export function latin1(s: string): string {
  return Buffer.from(s, "utf8")
    .toString("latin1")
    .replace(/[\r\n\0]/g, "")
    .trim();
}

/** Extra request headers: real names with odd values, and odd names. */
export const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      "content-type", "content-length", "x-forwarded-host", "x-forwarded-proto", "accept",
      "upstash-signature", "upstash-message-id", "x-vercel-protection-bypass", "cookie", "origin",
    ),
    fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/).filter((n) => n !== "authorization"),
  ), // biome-ignore format: a word list
  fc.oneof(fc.string({ unit: "binary", maxLength: 100 }), fc.nat().map(String)).map(latin1),
  { maxKeys: 4 },
);

/** A path segment: percent-encoded text, or a malformed escape (once a 500, see git history). */
export const segment = fc.oneof(
  fc.string({ unit: "binary", minLength: 1, maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom("%", "%E0%A4%A", "%zz", "%C3", "a%2"),
  fc.constantFrom(
    "..",
    ".",
    "%2F",
    "%00",
    "~",
    "jobs",
    "klap",
    "cron",
    "worker",
    "stats",
    "health",
  ),
  fc.uuid().map(String),
);

/**
 * `extraHeaders` as a real HTTP client can send them: field-value bytes only (no control characters),
 * and no hand-set content-length (fetch sets the true one).
 */
export const wireHeaders: fc.Arbitrary<Record<string, string>> = extraHeaders.map((headers) =>
  Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => name !== "content-length")
      .map(([name, value]) => [name, wireValue(value)]),
  ),
);

/** Drops what an HTTP field value cannot hold (control characters). */
export function wireValue(value: string): string {
  return value.replace(/[^\t\x20-\x7e\x80-\xff]/g, "");
}
