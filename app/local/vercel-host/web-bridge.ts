// Node `http` request/response <-> Web `Request`/`Response`, as the launcher does for a function with
// Web exports: the URL comes from the forwarded host and protocol, bodies stream both ways, every
// `set-cookie` stays its own header, and a HEAD answer carries no body.
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

const BODYLESS_METHODS = new Set(["GET", "HEAD"]);
const BODYLESS_STATUSES = new Set([101, 204, 205, 304]);

export function toWebRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const method = req.method ?? "GET";
  const proto = firstValue(req.headers["x-forwarded-proto"]) ?? "http";
  const host = firstValue(req.headers["x-forwarded-host"]) ?? req.headers.host ?? "localhost";
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  }
  const body = BODYLESS_METHODS.has(method) ? null : (Readable.toWeb(req) as ReadableStream);
  return new Request(new URL(req.url ?? "/", `${proto}://${host}`), {
    method,
    headers,
    body,
    signal,
    // Required by Node's fetch for a streamed request body.
    duplex: "half",
  } as RequestInit);
}

export async function sendWebResponse(
  res: ServerResponse,
  response: Response,
  method: string,
): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  for (const [name, value] of response.headers) {
    if (name !== "set-cookie") res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);

  if (!response.body || method === "HEAD" || BODYLESS_STATUSES.has(response.status)) {
    await response.body?.cancel();
    res.end();
    return;
  }
  await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), res);
}

function firstValue(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first?.split(",")[0]?.trim() || undefined;
}
