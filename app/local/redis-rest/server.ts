// An Upstash-REST-compatible HTTP endpoint in front of a real redis-server, so the production client
// (`@upstash/redis`) runs unmodified in tests and local mode. Local stand-in only: never deployed.
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { encodeReply } from "./encode.js";
import {
  type Command,
  CommandError,
  parseCommand,
  parseCommands,
  parsePathCommand,
} from "./parse-command.js";

export interface RedisRestOptions {
  /** Redis to forward to, e.g. `redis://127.0.0.1:6379`. */
  redisUrl: string;
  /** Token clients must send as `Authorization: Bearer <token>` (or `?_token=`). */
  token: string;
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Host to bind. @default 127.0.0.1 */
  host?: string;
  /** Largest accepted request body in bytes. @default 16 MiB */
  maxBodyBytes?: number;
}

export interface RedisRestServer {
  /** Base URL to give `@upstash/redis` as `url`. */
  readonly url: string;
  readonly port: number;
  /** REST requests served so far, by path kind; benchmarks read this to count round trips. */
  readonly requests: { command: number; pipeline: number; multiExec: number };
  close(): Promise<void>;
}

type Reply = { status: number; body: unknown };

export async function startRedisRest(options: RedisRestOptions): Promise<RedisRestServer> {
  const redis = new Redis(options.redisUrl, {
    // Fail fast while Redis is down instead of queueing: callers get a clear error, state stays put.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => 100,
    lazyConnect: true,
  });
  redis.on("error", () => {}); // reconnects on its own; each request reports its own failure
  await redis.connect().catch(() => {});

  const maxBody = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const expected = Buffer.from(options.token);
  const requests = { command: 0, pipeline: 0, multiExec: 0 };
  let syncToken = 0;

  const authorized = (req: IncomingMessage, url: URL): boolean => {
    const header = req.headers.authorization ?? "";
    const given = header.startsWith("Bearer ")
      ? header.slice(7)
      : (url.searchParams.get("_token") ?? "");
    const buf = Buffer.from(given);
    return buf.length === expected.length && timingSafeEqual(buf, expected);
  };

  const handle = async (req: IncomingMessage, body: string): Promise<Reply> => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (!authorized(req, url)) return { status: 401, body: { error: "Unauthorized" } };
    if (redis.status !== "ready") {
      return { status: 503, body: { error: `Redis is unavailable (connection ${redis.status})` } };
    }
    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    try {
      if (url.pathname === "/pipeline" || url.pathname === "/multi-exec") {
        if (req.method !== "POST") return { status: 405, body: { error: "ERR use POST" } };
        const commands = parseCommands(parseJson(body));
        const atomic = url.pathname === "/multi-exec";
        if (atomic) requests.multiExec++;
        else requests.pipeline++;
        const results = await runBatch(redis, commands, atomic);
        return {
          status: 200,
          body: results.map(([err, value]) =>
            err ? { error: err.message } : { result: encodeReply(value, base64) },
          ),
        };
      }
      requests.command++;
      const command =
        url.pathname === "/"
          ? parseCommand(parseJson(body))
          : parsePathCommand(url.pathname, req.method === "POST" ? body : "");
      const [name, ...args] = command;
      const value = await redis.callBuffer(name, ...args);
      return { status: 200, body: { result: encodeReply(value, base64) } };
    } catch (error) {
      return errorReply(error);
    }
  };

  const server: Server = createServer((req, res) => {
    readBody(req, maxBody).then(
      async (body) => {
        const reply = await handle(req, body);
        send(res, reply, String(++syncToken));
      },
      () =>
        send(res, { status: 413, body: { error: `ERR request body over ${maxBody} bytes` } }, ""),
    );
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve),
  );
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    port,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}

async function runBatch(
  redis: Redis,
  commands: Command[],
  atomic: boolean,
): Promise<[Error | null, unknown][]> {
  const batch = atomic ? redis.multi() : redis.pipeline();
  for (const [name, ...args] of commands) batch.callBuffer(name, ...args);
  const results = await batch.exec();
  if (results === null) throw new CommandError("ERR transaction aborted");
  // A lost connection fails the whole request (503), never one entry that looks like a Redis error.
  const broken = results.find(([err]) => err && err.name !== "ReplyError");
  if (broken?.[0]) throw broken[0];
  return results;
}

function errorReply(error: unknown): Reply {
  if (error instanceof CommandError) return { status: 400, body: { error: error.message } };
  if (error instanceof SyntaxError)
    return { status: 400, body: { error: `ERR invalid JSON body: ${error.message}` } };
  const message = error instanceof Error ? error.message : String(error);
  // ioredis ReplyErrors carry Redis's own text (`ERR ...`, `NOSCRIPT ...`, `WRONGTYPE ...`).
  if (error instanceof Error && error.name === "ReplyError")
    return { status: 400, body: { error: message } };
  if (/EXECABORT/.test(message)) return { status: 400, body: { error: message } };
  return { status: 503, body: { error: `Redis is unavailable: ${message}` } };
}

function parseJson(body: string): unknown {
  return JSON.parse(body);
}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > max) {
      req.resume();
      reject(new Error("too large"));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners("data");
        req.resume();
        reject(new Error("too large"));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, reply: Reply, syncToken: string): void {
  const json = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(json),
    ...(syncToken ? { "upstash-sync-token": syncToken } : {}),
  });
  res.end(json);
}
