// The parties of the chaos run: route instances (createApp/createContext each, as separate Vercel
// instances, with recording queue and Klap client), and doomed workers that claim a job and die or
// freeze part-way through its step.
import { Redis } from "@upstash/redis";
import { createApp, type Handler } from "../../../app/app.js";
import type { AppEnv } from "../../../app/config/env.js";
import { createContext } from "../../../app/context.js";
import { type KlapJobPayload, klapJobSchema } from "../../../app/jobs/klap-job.js";
import { runKlapSteps } from "../../../app/jobs/klap-steps.js";
import { KlapClient } from "../../../app/klap/index.js";
import { JobQueue } from "../../../app/queue/index.js";
import type { ChaosLog, Fault } from "./chaos-log.js";

export interface RouteInstance {
  by: string;
  call(method: string, path: string, init?: { token?: string; body?: unknown }): Promise<Response>;
  /** Events the app logged, by name (the lines themselves would flood the test output). */
  logged: Map<string, number>;
}

export function routeInstance(env: AppEnv, log: ChaosLog, by: string): RouteInstance {
  const ctx = createContext(env, {});
  const logged = new Map<string, number>();
  const count = (event: string) => void logged.set(event, (logged.get(event) ?? 0) + 1);
  ctx.log = { info: count, error: count };
  ctx.klap = new KlapClient({
    apiKey: env.KLAP_API_KEY,
    baseUrl: env.KLAP_API_URL,
    fetch: log.klapFetch(by),
  });
  log.instrumentQueue(ctx.queue, by);
  const app: Handler = createApp(() => ctx);
  return {
    by,
    logged,
    call(method, path, init = {}) {
      const headers: Record<string, string> = {};
      if (init.token) headers.authorization = `Bearer ${init.token}`;
      const body = init.body === undefined ? undefined : JSON.stringify(init.body);
      return app(new Request(`${env.APP_BASE_URL}${path}`, { method, headers, body }));
    },
  };
}

export type DoomedOutcome =
  | { kind: "no-job" | "redis-down" }
  | { kind: "ran"; outcome: string }
  | { kind: "kill-before-send" | "kill-after-get"; jobId: string; step: string }
  | { kind: "stall"; jobId: string; step: string; outcome: string };

/**
 * A worker that claims one job with a short lease, runs the app's step machine on it, and meets
 * `fault` at its n-th Klap call: killed (nothing after that point ever runs; its lease runs out) or
 * stalled past its lease (it wakes up after another worker may have claimed the job).
 *
 * A route invocation's lease is its budget + 60 s; only that length differs here, so that a killed
 * job comes back within the test rather than a minute later.
 */
export async function doomedWorker(
  env: AppEnv,
  log: ChaosLog,
  by: string,
  fault: Omit<Fault, "onFired">,
  leaseMs: number,
): Promise<DoomedOutcome> {
  const queue = new JobQueue<KlapJobPayload>({
    redis: new Redis({
      url: env.UPSTASH_REDIS_REST_URL,
      token: env.UPSTASH_REDIS_REST_TOKEN,
      automaticDeserialization: false,
    }),
    schema: klapJobSchema,
    prefix: env.QUEUE_PREFIX,
    maxAttempts: env.MAX_ATTEMPTS,
    ttlMs: env.JOB_TTL_SECONDS * 1000,
    backoff: { baseMs: env.RETRY_BACKOFF_BASE_MS, maxMs: env.RETRY_BACKOFF_MAX_MS },
  });
  log.instrumentQueue(queue, by);
  let fired!: (kind: "kill-before-send" | "kill-after-get" | "stall") => void;
  const struck = new Promise<"kill-before-send" | "kill-after-get" | "stall">((resolve) => {
    fired = resolve;
  });
  const klap = new KlapClient({
    apiKey: env.KLAP_API_KEY,
    baseUrl: env.KLAP_API_URL,
    fetch: log.klapFetch(by, { ...fault, onFired: fired }),
  });
  let job: Awaited<ReturnType<typeof queue.claim>>["jobs"][number] | undefined;
  try {
    job = (await queue.claim(1, leaseMs)).jobs[0];
  } catch {
    return { kind: "redis-down" };
  }
  if (!job) return { kind: "no-job" };
  const step = job.step ?? "submit";
  const run = runKlapSteps(job, {
    queue,
    klap,
    pollIntervalMs: env.KLAP_POLL_INTERVAL_SECONDS * 1000,
    leaseMs,
    deadline: Date.now() + env.TICK_BUDGET_MS,
  }).then(
    (out) => out.outcome as string,
    (error: Error) => `error: ${error.name}`,
  );
  const first = await Promise.race([run.then((outcome) => ({ outcome })), struck]);
  if (typeof first === "object") return { kind: "ran", outcome: first.outcome };
  if (first === "stall") return { kind: "stall", jobId: job.id, step, outcome: await run };
  return { kind: first, jobId: job.id, step };
}
