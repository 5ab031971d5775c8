// A local stand-in for the Klap API v2 over real HTTP, for tests and local runs: same paths, bodies
// and auth as Klap, with tasks that finish in seconds and switches for failures. Never deployed.
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { answer, type KlapSimulatorRoute, matchRoute, type Reply } from "./routes.js";
import type { KlapSimulatorStatusStyle } from "./status-names.js";
import { KlapSimulatorStore } from "./store.js";

export interface KlapSimulatorOptions {
  /** The only API key accepted as `Authorization: Bearer <key>`; anything else gets 401. */
  apiKey: string;
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** How long a task stays in processing before it is ready (or in error). @default 3000 */
  processingMs?: number;
  /** How long an export renders before it gets a `src_url`. @default 1000 */
  exportMs?: number;
  /** Fraction of requests (0–1) answered with a random 5xx before anything else is checked. @default 0 */
  failureRate?: number;
  /** Clips produced per task, capped by the request's `max_clip_count`/`target_clip_count`. @default 3 */
  clipCount?: number;
  /** Which documented family of status names to answer with. @default "ready" */
  statusStyle?: KlapSimulatorStatusStyle;
  /** Source of randomness for `failureRate`; tests pin it. @default Math.random */
  random?: () => number;
}

export interface KlapSimulatorStats {
  /** Tasks actually created (refused submissions are not counted), in total and per source URL. */
  submits: { total: number; bySourceUrl: Record<string, number> };
  /** Every request received, by route, whatever its answer. */
  requests: Partial<Record<KlapSimulatorRoute, number>>;
  totalRequests: number;
  /** Requests answered with a failure from `failNext` or `failureRate`. */
  injectedFailures: number;
  /** Requests refused for a missing or wrong API key. */
  unauthorized: number;
}

export interface KlapSimulator {
  /** Base URL to use as `KLAP_API_URL`, e.g. `http://127.0.0.1:PORT/v2`. */
  readonly url: string;
  readonly port: number;
  /** A snapshot of the counters; later requests do not change it. */
  stats(): KlapSimulatorStats;
  /** The next `n` requests, whatever they are, answer `status` (default 503). */
  failNext(n: number, status?: number): void;
  close(): Promise<void>;
}

const HOST = "127.0.0.1";
const RANDOM_5XX = [500, 502, 503] as const;

export async function startKlapSimulator(options: KlapSimulatorOptions): Promise<KlapSimulator> {
  if (!options.apiKey)
    throw new Error("startKlapSimulator needs an apiKey: the key clients must send.");
  const failureRate = options.failureRate ?? 0;
  if (!(failureRate >= 0 && failureRate <= 1)) {
    throw new Error(`startKlapSimulator failureRate must be between 0 and 1, got ${failureRate}.`);
  }
  const random = options.random ?? Math.random;
  const expectedKey = Buffer.from(options.apiKey);
  const stats: KlapSimulatorStats = {
    submits: { total: 0, bySourceUrl: {} },
    requests: {},
    totalRequests: 0,
    injectedFailures: 0,
    unauthorized: 0,
  };
  const forcedFailures: number[] = [];

  // Listen first: finished exports point at this server, so the store needs its address.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, HOST, resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${HOST}:${port}`;
  const store = new KlapSimulatorStore({
    processingMs: options.processingMs ?? 3000,
    exportMs: options.exportMs ?? 1000,
    clipCount: options.clipCount ?? 3,
    statusStyle: options.statusStyle ?? "ready",
    fileBaseUrl: `${origin}/simulator-files`,
  });

  const onSubmit = (sourceVideoUrl: string) => {
    stats.submits.total++;
    stats.submits.bySourceUrl[sourceVideoUrl] =
      (stats.submits.bySourceUrl[sourceVideoUrl] ?? 0) + 1;
  };

  const handle = (req: IncomingMessage, body: string): Reply => {
    const { pathname } = new URL(req.url ?? "/", "http://simulator.invalid");
    const match = matchRoute(req.method ?? "GET", pathname);
    stats.totalRequests++;
    stats.requests[match.route] = (stats.requests[match.route] ?? 0) + 1;

    // Injected failures come first, like an outage in front of Klap: nothing behind it runs.
    const status = forcedFailures.shift() ?? randomFailure(failureRate, random);
    if (status !== undefined) {
      stats.injectedFailures++;
      return {
        status,
        body: { error: `simulated failure (HTTP ${status}) from the Klap simulator` },
      };
    }
    if (match.route !== "GET /simulator-files/:file" && !authorized(req, expectedKey)) {
      stats.unauthorized++;
      return { status: 401, body: { error: "Unauthorized: invalid API key" } };
    }
    return answer(store, match, body, onSubmit);
  };

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    readBody(req).then(
      (body) => send(res, handle(req, body)),
      () => send(res, { status: 400, body: { error: "could not read the request body" } }),
    );
  });

  return {
    url: `${origin}/v2`,
    port,
    stats: () => structuredClone(stats),
    failNext(n, status = 503) {
      if (!Number.isInteger(n) || n < 0)
        throw new Error(`failNext needs a whole number of requests, got ${n}.`);
      if (!Number.isInteger(status) || status < 100 || status > 599) {
        throw new Error(`failNext needs an HTTP status between 100 and 599, got ${status}.`);
      }
      for (let i = 0; i < n; i++) forcedFailures.push(status);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function authorized(req: IncomingMessage, expected: Buffer): boolean {
  const header = req.headers.authorization ?? "";
  const given = Buffer.from(header.startsWith("Bearer ") ? header.slice(7) : "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** One draw per request: below `rate` it fails, and the same draw picks which 5xx. */
function randomFailure(rate: number, random: () => number): number | undefined {
  if (rate <= 0) return undefined;
  const draw = random();
  if (draw >= rate) return undefined;
  return RANDOM_5XX[Math.min(RANDOM_5XX.length - 1, Math.floor((draw / rate) * RANDOM_5XX.length))];
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  const text = reply.contentType ? String(reply.body) : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    "content-type": reply.contentType ?? "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}
