// Reads one publish request (`POST /v2/publish/<url>` or one entry of `POST /v2/batch`) into what
// the simulator needs to deliver it, refusing with 400 what QStash would refuse.
//
// Understood: Upstash-Method, -Delay, -Not-Before, -Retries, -Deduplication-Id,
// -Content-Based-Deduplication, Upstash-Forward-*, Content-Type. Accepted but ignored: -Retry-Delay
// (retry pacing comes from the simulator's `retryDelayMs`), -Timeout, -Callback, -Failure-Callback,
// -Flow-Control-*, -Label, -Redact-Fields, telemetry headers.
import { createHash } from "node:crypto";
import { parseQStashDuration } from "./duration.js";

export interface PublishSpec {
  destination: string;
  method: string;
  body: Buffer;
  /** Headers the destination receives: Upstash-Forward-* with the prefix removed, and Content-Type. */
  forwardHeaders: Record<string, string>;
  /** Epoch ms before which the first attempt must not happen. */
  notBefore: number;
  retries: number;
  /** Explicit or content-based; undefined when the publisher asked for neither. */
  deduplicationKey: string | undefined;
}

export class PublishError extends Error {
  override name = "PublishError";
}

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);
/** Hop-by-hop or framing headers that `fetch` sets itself and refuses to be given. */
const UNFORWARDABLE = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "content-length",
  "host",
]);

export function parsePublish(input: {
  destination: string;
  headers: Headers;
  body: Buffer;
  now: number;
  defaultRetries: number;
}): PublishSpec {
  const { headers, body, now } = input;
  const destination = checkDestination(input.destination);
  const method = (headers.get("upstash-method") ?? "POST").toUpperCase();
  if (!METHODS.has(method))
    throw new PublishError(`Upstash-Method must be one of ${[...METHODS].join(", ")}`);

  const forwardHeaders: Record<string, string> = {};
  const contentType = headers.get("content-type");
  if (contentType) forwardHeaders["content-type"] = contentType;
  for (const [name, value] of headers) {
    if (!name.startsWith("upstash-forward-")) continue;
    const target = name.slice("upstash-forward-".length);
    if (target && !UNFORWARDABLE.has(target)) forwardHeaders[target] = value;
  }

  let notBefore = now;
  const delay = headers.get("upstash-delay");
  if (delay !== null) {
    const ms = parseQStashDuration(delay);
    if (ms === undefined)
      throw new PublishError(
        `Upstash-Delay "${delay}" is not a duration such as 10s, 5m, 2h or 1d`,
      );
    notBefore = now + ms;
  }
  // An absolute time wins over a relative delay.
  const notBeforeHeader = headers.get("upstash-not-before");
  if (notBeforeHeader !== null) {
    if (!/^\d+$/.test(notBeforeHeader.trim())) {
      throw new PublishError(
        `Upstash-Not-Before "${notBeforeHeader}" must be a unix time in seconds`,
      );
    }
    notBefore = Number(notBeforeHeader) * 1000;
  }

  let retries = input.defaultRetries;
  const retriesHeader = headers.get("upstash-retries");
  if (retriesHeader !== null) {
    if (!/^\d+$/.test(retriesHeader.trim())) {
      throw new PublishError(
        `Upstash-Retries "${retriesHeader}" must be a whole number of retries`,
      );
    }
    retries = Number(retriesHeader);
  }

  const deduplicationId = headers.get("upstash-deduplication-id");
  const contentBased = headers.get("upstash-content-based-deduplication")?.toLowerCase() === "true";
  const deduplicationKey = deduplicationId
    ? `id:${deduplicationId}`
    : contentBased
      ? `content:${contentHash(destination, method, forwardHeaders, body)}`
      : undefined;

  return { destination, method, body, forwardHeaders, notBefore, retries, deduplicationKey };
}

function checkDestination(destination: string): string {
  let url: URL;
  try {
    url = new URL(destination);
  } catch {
    throw new PublishError(
      `invalid destination "${destination}": the simulator only delivers to http(s) URLs`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new PublishError(
      `invalid destination "${destination}": the simulator only delivers to http(s) URLs`,
    );
  }
  return destination;
}

/** QStash derives the content-based id from destination, body and headers. */
function contentHash(
  destination: string,
  method: string,
  headers: Record<string, string>,
  body: Buffer,
): string {
  const hash = createHash("sha256").update(`${method} ${destination}\n`);
  for (const name of Object.keys(headers).sort()) hash.update(`${name}: ${headers[name]}\n`);
  return hash.update(body).digest("hex");
}
