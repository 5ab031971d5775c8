// The app in-process for benchmarks: each instance is its own createApp/createContext (its own Redis
// client), as separate Vercel instances would be. Routes are called with Web Requests; `serveApp`
// puts one on loopback HTTP when QStash has to reach it.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp, type Handler } from "../app/app.js";
import { type AppEnv, parseEnv } from "../app/config/env.js";
import { type AppContext, createContext } from "../app/context.js";
import { sendWebResponse, toWebRequest } from "../app/local/vercel-host/web-bridge.js";

export const BENCH_SECRETS = {
  QUEUE_API_TOKEN: "bench-queue-api-token-000",
  WORKER_SECRET: "bench-worker-secret-00000",
  CRON_SECRET: "bench-cron-secret-0000000",
  QSTASH_CURRENT_SIGNING_KEY: "sig_bench_current_0000000",
  QSTASH_NEXT_SIGNING_KEY: "sig_bench_next_000000000",
  QSTASH_TOKEN: "bench-qstash-token-0000000",
  KLAP_API_KEY: "bench-klap-api-key-000000",
} as const;

export interface BenchEnvOptions {
  restUrl: string;
  restToken: string;
  klapUrl: string;
  prefix: string;
  /** Public URL of the app (QStash targets); a placeholder when nothing calls back. */
  baseUrl?: string;
  /** QStash simulator URL: turns on push dispatch on enqueue and when a step falls due. */
  qstashUrl?: string;
  env?: Record<string, string>;
}

export function benchEnv(o: BenchEnvOptions): AppEnv {
  const { QSTASH_TOKEN, ...secrets } = BENCH_SECRETS;
  return parseEnv({
    ...secrets,
    UPSTASH_REDIS_REST_URL: o.restUrl,
    UPSTASH_REDIS_REST_TOKEN: o.restToken,
    KLAP_API_URL: o.klapUrl,
    QUEUE_PREFIX: o.prefix,
    APP_BASE_URL: o.baseUrl ?? "http://app.bench",
    KLAP_POLL_INTERVAL_SECONDS: "1",
    ...(o.qstashUrl ? { QSTASH_URL: o.qstashUrl, QSTASH_TOKEN } : {}),
    ...o.env,
  });
}

export interface BenchInstance {
  app: Handler;
  ctx: AppContext;
  /** Calls a route with a bearer token and a JSON body. */
  call(method: string, path: string, init?: { token?: string; body?: unknown }): Promise<Response>;
}

/** One app instance with a silent logger (a line per step would drown the figures). */
export function benchInstance(env: AppEnv): BenchInstance {
  const ctx = createContext(env, {});
  ctx.log = { info() {}, error() {} };
  const app = createApp(() => ctx);
  return {
    app,
    ctx,
    call(method, path, init = {}) {
      const headers: Record<string, string> = {};
      if (init.token) headers.authorization = `Bearer ${init.token}`;
      const body = init.body === undefined ? undefined : JSON.stringify(init.body);
      if (body) headers["content-type"] = "application/json";
      return app(new Request(`${env.APP_BASE_URL}${path}`, { method, headers, body }));
    },
  };
}

/** Serves whatever handler `current()` returns on a loopback port (set it once the env is known). */
export async function serveApp(current: () => Handler | undefined) {
  const server = createServer((req, res) => {
    const handler = current();
    if (!handler) return void res.writeHead(503).end();
    const aborted = new AbortController();
    handler(toWebRequest(req, aborted.signal))
      .then((response) => sendWebResponse(res, response, req.method ?? "GET"))
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
