// Hides secrets in a job's payload before the dashboard shows it: values under secret-looking keys,
// and the query string (often a signed token) of the URLs a job carries.

const SECRET_KEY = /token|secret|key|password|authorization/i;
const URL_KEYS = new Set(["callbackUrl", "videoUrl"]);
/** What a hidden value is replaced with. */
export const REDACTED = "[redacted]";
/** Deeper structures are cut off rather than walked: a payload is small and flat. */
const MAX_DEPTH = 8;

/** A copy of `value` with secret values replaced and URLs cut to origin + path. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (SECRET_KEY.test(key)) out[key] = REDACTED;
    else if (URL_KEYS.has(key) && typeof item === "string") out[key] = originAndPath(item);
    else out[key] = redact(item, depth + 1);
  }
  return out;
}

/** `https://cdn.example.com/a.mp4?sig=…#t` → `https://cdn.example.com/a.mp4`; credentials dropped too. */
export function originAndPath(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return REDACTED;
  }
}
