// A local stand-in for QStash over real HTTP, for tests and local runs: accepts what the real
// `@upstash/qstash` Client sends (`POST /v2/publish/<url>`, `POST /v2/batch`) and delivers each
// message to its destination, signed like QStash, with retries. Never deployed.
import { timingSafeEqual } from "node:crypto";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { DeliveryQueue, type QStashSimulatorMessage } from "./delivery-queue.js";
import { PublishError, type PublishSpec, parsePublish } from "./publish-request.js";

export interface QStashSimulatorOptions {
  /** The only token accepted as `Authorization: Bearer <token>` (the app's QSTASH_TOKEN). */
  token: string;
  /** Key every delivery is signed with, as QStash signs with the current key. */
  currentSigningKey: string;
  /** Not used for signing; kept so a setup can hand the same pair to the app's Receiver. */
  nextSigningKey: string;
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Wait before retry number `attempt` (1 for the first retry). @default (attempt) => 200 * attempt */
  retryDelayMs?: (attempt: number) => number;
  /** Retries when the publisher sends no `Upstash-Retries`. @default 3 */
  defaultRetries?: number;
  /** Budget of one delivery attempt before it counts as failed. @default 30000 */
  deliveryTimeoutMs?: number;
  /** How long a deduplication id (or content hash) suppresses repeats. @default 600000 (10 min) */
  deduplicationWindowMs?: number;
}

export interface QStashSimulator {
  /** Base URL for `new Client({ baseUrl })` or `QSTASH_URL`. */
  readonly url: string;
  readonly port: number;
  readonly currentSigningKey: string;
  readonly nextSigningKey: string;
  /** Every publish so far, deduplicated ones included, oldest first (a snapshot). */
  messages(): QStashSimulatorMessage[];
  /** Resolves when nothing is waiting or being retried; rejects after `timeoutMs`. @default 10000 */
  waitForIdle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

type Reply = { status: number; body: unknown };

const HOST = "127.0.0.1";
const PUBLISH_PREFIX = "/v2/publish/";

export async function startQStashSimulator(
  options: QStashSimulatorOptions,
): Promise<QStashSimulator> {
  for (const key of ["token", "currentSigningKey", "nextSigningKey"] as const) {
    if (!options[key]) throw new Error(`startQStashSimulator needs ${key}: a non-empty string.`);
  }
  const defaultRetries = options.defaultRetries ?? 3;
  const queue = new DeliveryQueue({
    signingKey: options.currentSigningKey,
    retryDelayMs: options.retryDelayMs ?? ((attempt) => 200 * attempt),
    deliveryTimeoutMs: options.deliveryTimeoutMs ?? 30_000,
    deduplicationWindowMs: options.deduplicationWindowMs ?? 10 * 60_000,
  });
  const expected = Buffer.from(options.token);

  const parse = (destination: string, headers: Headers, body: Buffer) =>
    parsePublish({ destination, headers, body, now: Date.now(), defaultRetries });

  const accept = (spec: PublishSpec) => {
    const { messageId, deduplicated } = queue.publish(spec);
    return { messageId, url: spec.destination, ...(deduplicated ? { deduplicated: true } : {}) };
  };

  const handle = (req: IncomingMessage, body: Buffer): Reply => {
    if (!authorized(req.headers, expected)) return { status: 401, body: { error: "Unauthorized" } };
    const rawUrl = req.url ?? "/";
    try {
      if (req.method === "POST" && rawUrl.startsWith(PUBLISH_PREFIX)) {
        // The client joins the destination onto the path unencoded: take the rest of the raw URL.
        const reply = accept(
          parse(rawUrl.slice(PUBLISH_PREFIX.length), toHeaders(req.headers), body),
        );
        // QStash answers a duplicate with 202 and the earlier message's id.
        return { status: reply.deduplicated ? 202 : 201, body: reply };
      }
      if (req.method === "POST" && rawUrl === "/v2/batch") {
        // Check every entry before accepting any, so a bad entry never half-publishes a batch.
        const specs = parseBatch(body).map((entry) =>
          parse(
            entry.destination,
            new Headers(entry.headers),
            Buffer.from(entry.body ?? "", "utf8"),
          ),
        );
        return { status: 201, body: specs.map(accept) };
      }
    } catch (error) {
      if (error instanceof PublishError) return { status: 400, body: { error: error.message } };
      throw error;
    }
    return {
      status: 404,
      body: { error: `the QStash simulator does not serve ${req.method} ${rawUrl}` },
    };
  };

  const server = createServer((req, res) => {
    readBody(req).then(
      (body) => send(res, handle(req, body)),
      () => send(res, { status: 400, body: { error: "could not read the request body" } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, HOST, resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${HOST}:${port}`,
    port,
    currentSigningKey: options.currentSigningKey,
    nextSigningKey: options.nextSigningKey,
    messages: () => queue.messages(),
    waitForIdle: (timeoutMs = 10_000) => queue.waitForIdle(timeoutMs),
    async close() {
      queue.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface BatchEntry {
  destination: string;
  headers?: Record<string, string>;
  body?: string;
}

/** `POST /v2/batch` body: `[{destination, headers, body, queue?}]`, as Client.batch builds it. */
function parseBatch(body: Buffer): BatchEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    throw new PublishError("the batch body must be a JSON array of messages");
  }
  if (!Array.isArray(json) || json.length === 0) {
    throw new PublishError("the batch body must be a non-empty JSON array of messages");
  }
  return json.map((entry, i) => {
    if (!entry || typeof entry !== "object" || typeof entry.destination !== "string") {
      throw new PublishError(`batch message ${i} needs a destination`);
    }
    if (entry.body !== undefined && typeof entry.body !== "string") {
      throw new PublishError(`batch message ${i} body must be a string`);
    }
    if (entry.queue !== undefined) {
      throw new PublishError(`batch message ${i}: queues are not simulated`);
    }
    return entry as BatchEntry;
  });
}

function authorized(headers: IncomingHttpHeaders, expected: Buffer): boolean {
  const header = headers.authorization ?? "";
  const given = Buffer.from(header.startsWith("Bearer ") ? header.slice(7) : "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}
