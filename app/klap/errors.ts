// The one error the Klap client throws, shaped so callers decide "retry later" vs "give up" from it.

/** What went wrong: an HTTP error answer, no answer at all, or an answer we could not read. */
export type KlapErrorKind = "http" | "network" | "timeout" | "invalid-response";

export interface KlapApiErrorInit {
  kind: KlapErrorKind;
  /** HTTP method of the failed call, e.g. `GET`. */
  method: string;
  /** Path below the base URL, e.g. `/tasks/abc`; never holds the API key. */
  path: string;
  /** HTTP status, when an answer arrived. */
  status?: number;
  /** Start of the response body (already redacted), for the message. */
  bodyExcerpt?: string;
  /** Extra detail, e.g. which field failed validation. */
  detail?: string;
  cause?: unknown;
}

/** Longest slice of a response body kept in a message: enough to read Klap's error, not a whole page. */
export const BODY_EXCERPT_CHARS = 300;

export class KlapApiError extends Error {
  override name = "KlapApiError";
  readonly kind: KlapErrorKind;
  /** HTTP status, or undefined when the call never got an answer (network error, timeout). */
  readonly status: number | undefined;
  /** True when the same call may succeed later: 5xx, 429, network errors and timeouts. */
  readonly retryable: boolean;
  readonly method: string;
  readonly path: string;

  constructor(init: KlapApiErrorInit) {
    super(describe(init), { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status;
    this.retryable = isRetryable(init.kind, init.status);
    this.method = init.method;
    this.path = init.path;
  }
}

/**
 * 4xx other than 429 mean the request itself is wrong (bad key, bad URL, unknown id): repeating it
 * only burns quota. An unreadable 2xx body is treated the same way, since retrying will not fix a
 * contract mismatch.
 */
export function isRetryable(kind: KlapErrorKind, status: number | undefined): boolean {
  if (kind === "network" || kind === "timeout") return true;
  if (kind === "invalid-response") return false;
  if (status === undefined) return true;
  return status === 429 || status >= 500;
}

/** Cuts a body to the excerpt size and blanks out any secret that a server might have echoed. */
export function excerpt(body: string, secrets: readonly string[] = []): string {
  let text = body;
  for (const secret of secrets) {
    if (secret.length > 0) text = text.split(secret).join("[redacted]");
  }
  text = text.replace(/\s+/g, " ").trim();
  return text.length > BODY_EXCERPT_CHARS ? `${text.slice(0, BODY_EXCERPT_CHARS)}…` : text;
}

function describe(init: KlapApiErrorInit): string {
  const call = `Klap API ${init.method} ${init.path}`;
  const tail = [init.detail, init.bodyExcerpt ? `body: ${init.bodyExcerpt}` : undefined]
    .filter(Boolean)
    .join("; ");
  const suffix = tail ? `: ${tail}` : "";
  switch (init.kind) {
    case "http":
      return `${call} failed with HTTP ${init.status}${suffix}`;
    case "timeout":
      return `${call} timed out${suffix}`;
    case "network":
      return `${call} failed before an answer arrived${suffix}`;
    case "invalid-response":
      return `${call} returned an unexpected body (HTTP ${init.status})${suffix}`;
  }
}
