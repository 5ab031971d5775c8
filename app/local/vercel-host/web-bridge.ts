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
  const body = BODYLESS_METHODS.has(method) ? null : bodyStream(req);
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

/**
 * The request body as a Web stream. Unlike `Readable.toWeb`, cancelling it (a handler that answers
 * 413 without reading on) drains the rest instead of destroying the socket, so the answer still
 * reaches the caller, as on Vercel, where the platform has read the whole body before the function.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let done = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on("data", (chunk: Buffer) => {
        if (done) return;
        controller.enqueue(new Uint8Array(chunk));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.once("end", () => {
        if (!done) controller.close();
        done = true;
      });
      req.once("error", (error) => {
        if (!done) controller.error(error);
        done = true;
      });
    },
    pull() {
      req.resume();
    },
    cancel() {
      done = true;
      req.resume();
    },
  });
}

function firstValue(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first?.split(",")[0]?.trim() || undefined;
}
