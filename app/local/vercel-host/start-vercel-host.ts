// Serves a built `.vercel/output` over HTTP the way Vercel does, for `npm run dev` and end-to-end
// tests: routes from `config.json`, each function from its `.vc-config.json`, its bundle called with
// the launcher's signature, and `maxDuration` enforced with 504 FUNCTION_INVOCATION_TIMEOUT.
//
// Each function runs in its own child process (see function-process.ts), not in this one: its
// `process.env` is exactly `env` (plus PATH and TZ=UTC), so several hosts with different settings can
// share a test process, and a timed-out invocation is killed rather than left running, as on Vercel.
// Crons are not fired; `crons` lists them for whoever drives the clock.
import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { type HostedOutput, readBuildOutput } from "./build-output.js";
import { FunctionProcess } from "./function-process.js";
import { routeRequest } from "./route-request.js";
import { writeRunnerScript } from "./runner-script.js";
import { sendVercelError } from "./vercel-error.js";

export interface VercelHostOptions {
  /** The `.vercel/output` directory to serve. */
  outputDir: string;
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Address to bind. @default 127.0.0.1 */
  hostname?: string;
  /** The functions' environment variables (the project's env on Vercel). */
  env: Record<string, string>;
  /** Show the functions' log lines on this process's output, or drop them. @default "inherit" */
  functionLogs?: "inherit" | "ignore";
}

export interface VercelHost {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The crons of `config.json`, for a caller that wants to fire them. */
  readonly crons: readonly { path: string; schedule: string }[];
  close(): Promise<void>;
}

// Per-connection headers: each hop (client to host, host to instance) sets its own.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "content-length",
]);

export async function startVercelHost(options: VercelHostOptions): Promise<VercelHost> {
  const output = await readBuildOutput(options.outputDir);
  const runner = await writeRunnerScript();
  const env = { PATH: process.env.PATH ?? "", TZ: "UTC", ...options.env };
  const instances = new Map(
    [...output.functions.values()].map((fn) => [
      fn.name,
      new FunctionProcess(fn, runner.path, env, options.functionLogs),
    ]),
  );
  const agent = new Agent({ keepAlive: true });

  const server = createServer((req, res) => {
    void forward(output, instances, agent, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.hostname ?? "127.0.0.1", resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}`,
    crons: output.crons,
    async close() {
      for (const instance of instances.values()) instance.kill();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
      await runner.remove();
    },
  };
}

async function forward(
  output: HostedOutput,
  instances: Map<string, FunctionProcess>,
  agent: Agent,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = req.method ?? "GET";
  const pathname = new URL(req.url ?? "/", "http://host").pathname;
  const fn = routeRequest(output, method, pathname);
  const instance = fn && instances.get(fn.name);
  if (!fn || !instance) {
    req.resume();
    sendVercelError(res, 404, "NOT_FOUND");
    return;
  }

  // The clock runs from arrival, so a cold start counts against maxDuration as it does on Vercel.
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    instance.kill();
    sendVercelError(res, 504, "FUNCTION_INVOCATION_TIMEOUT");
  }, fn.maxDuration * 1000);
  let upstream: ReturnType<typeof request> | undefined;
  res.once("close", () => {
    clearTimeout(timer);
    // The client went away before the answer was complete: so does the invocation's connection.
    if (!res.writableFinished) upstream?.destroy();
  });

  // Vercel reads the whole request before it invokes a function (and refuses over 4.5 MB), so a
  // function that answers early (a 413) never races the rest of the upload.
  const body = await readWhole(req, MAX_REQUEST_BYTES);
  if (body === null) {
    clearTimeout(timer);
    sendVercelError(res, 413, "FUNCTION_PAYLOAD_TOO_LARGE");
    return;
  }

  let port: number;
  try {
    port = await instance.port();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    if (!timedOut) sendVercelError(res, 500, "FUNCTION_INVOCATION_FAILED");
    return;
  }
  if (timedOut) return;

  upstream = request({
    agent,
    host: "127.0.0.1",
    port,
    method,
    path: req.url,
    headers: {
      ...withoutHopByHop(req.headers),
      "content-length": String(body.length),
      "x-forwarded-host": req.headers.host ?? "localhost",
      "x-forwarded-proto": "http",
      "x-forwarded-for": req.socket.remoteAddress ?? "127.0.0.1",
      "x-real-ip": req.socket.remoteAddress ?? "127.0.0.1",
    },
  });
  upstream.on("response", (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, withoutHopByHop(answer.headers));
    answer.pipe(res);
    answer.once("error", () => res.destroy());
  });
  upstream.on("error", () => {
    if (!timedOut) sendVercelError(res, 502, "NO_RESPONSE_FROM_FUNCTION");
  });
  upstream.end(body);
}

/** Vercel's request body limit for functions. */
const MAX_REQUEST_BYTES = 4.5 * 1024 * 1024;

/** The whole request body, or null past `max` bytes (the rest is drained). */
function readWhole(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
    });
    req.once("end", () => resolve(size > max ? null : Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}
