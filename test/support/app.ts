// The app in-process on the shared Redis endpoint and a Klap simulator: routes are called with
// Web-standard Requests, exactly as the Vercel function calls them.
import { inject } from "vitest";
import { createApp, type Handler } from "../../app/app.js";
import { type AppEnv, parseEnv } from "../../app/config/env.js";
import { type AppContext, createContext } from "../../app/context.js";
import { startKlapSimulator } from "../../app/local/klap-simulator/index.js";
import { randomPrefix } from "./redis.js";

export const TEST_SECRETS = {
  QUEUE_API_TOKEN: "test-queue-api-token-000",
  WORKER_SECRET: "test-worker-secret-00000",
  CRON_SECRET: "test-cron-secret-0000000",
  QSTASH_CURRENT_SIGNING_KEY: "sig_current_test_key_000",
  QSTASH_NEXT_SIGNING_KEY: "sig_next_test_key_0000000",
  KLAP_API_KEY: "klap-test-api-key-000000",
} as const;

export const BASE_URL = "http://app.test";

export interface TestApp {
  app: Handler;
  ctx: AppContext;
  env: AppEnv;
  klap: Awaited<ReturnType<typeof startKlapSimulator>>;
  /** A Request to the app, with JSON body and bearer token when given. */
  call(
    method: string,
    path: string,
    init?: { body?: unknown; token?: string; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestApp(
  env: Record<string, string> = {},
  klapOptions: Partial<Parameters<typeof startKlapSimulator>[0]> = {},
): Promise<TestApp> {
  const klap = await startKlapSimulator({
    apiKey: TEST_SECRETS.KLAP_API_KEY,
    processingMs: 200,
    exportMs: 100,
    ...klapOptions,
  });
  const parsed = parseEnv({
    UPSTASH_REDIS_REST_URL: inject("redisRestUrl"),
    UPSTASH_REDIS_REST_TOKEN: inject("redisRestToken"),
    ...TEST_SECRETS,
    KLAP_API_URL: klap.url,
    QUEUE_PREFIX: randomPrefix("app"),
    APP_BASE_URL: BASE_URL,
    KLAP_POLL_INTERVAL_SECONDS: "1",
    RETRY_BACKOFF_BASE_MS: "200",
    RETRY_BACKOFF_MAX_MS: "400",
    TICK_BUDGET_MS: "20000",
    ...env,
  });
  const ctx = createContext(parsed, {});
  const app = createApp(() => ctx);
  return {
    app,
    ctx,
    env: parsed,
    klap,
    call(method, path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      if (init.token) headers.authorization = `Bearer ${init.token}`;
      const body =
        init.body === undefined
          ? undefined
          : typeof init.body === "string"
            ? init.body
            : JSON.stringify(init.body);
      return app(new Request(`${BASE_URL}${path}`, { method, headers, body }));
    },
    close: () => klap.close(),
  };
}

/** Runs cron ticks until `done` holds or `timeoutMs` passes; returns the tick count. */
export async function tickUntil(
  t: TestApp,
  done: () => Promise<boolean>,
  timeoutMs = 15_000,
): Promise<number> {
  const until = Date.now() + timeoutMs;
  let ticks = 0;
  while (!(await done())) {
    if (Date.now() > until) throw new Error(`condition not reached after ${ticks} ticks`);
    const res = await t.call("GET", "/api/cron/klap", { token: TEST_SECRETS.CRON_SECRET });
    if (res.status !== 200)
      throw new Error(`cron tick answered ${res.status}: ${await res.text()}`);
    ticks++;
    await new Promise((r) => setTimeout(r, 100));
  }
  return ticks;
}
