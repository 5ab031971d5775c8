// Everything a route needs, built once per process from the parsed environment.
import { Client as QStashClient, Receiver } from "@upstash/qstash";
import { Redis } from "@upstash/redis";
import { type AppEnv, secretEnvKeys } from "./config/env.js";
import { type KlapJobPayload, klapJobSchema } from "./jobs/klap-job.js";
import { KlapClient } from "./klap/index.js";
import { createLogger, type Logger } from "./log.js";
import { JobQueue } from "./queue/index.js";

export interface AppContext {
  env: AppEnv;
  redis: Redis;
  queue: JobQueue<KlapJobPayload>;
  klap: KlapClient;
  /** Present when QSTASH_TOKEN is set: enqueue pushes jobs, the cron can fan out. */
  qstash: QStashClient | undefined;
  receiver: Receiver;
  log: Logger;
  /** HMAC key for job callbacks. */
  callbackSecret: string;
  /** Public base URL of this deployment (QStash targets and signature subjects). */
  baseUrl(request: Request): string;
}

export function createContext(
  env: AppEnv,
  system: Record<string, string | undefined> = process.env,
): AppContext {
  const redis = new Redis({
    url: env.UPSTASH_REDIS_REST_URL,
    token: env.UPSTASH_REDIS_REST_TOKEN,
    automaticDeserialization: false,
  });
  const queue = new JobQueue<KlapJobPayload>({
    redis,
    schema: klapJobSchema,
    prefix: env.QUEUE_PREFIX,
    maxAttempts: env.MAX_ATTEMPTS,
    ttlMs: env.JOB_TTL_SECONDS * 1000,
    backoff: { baseMs: env.RETRY_BACKOFF_BASE_MS, maxMs: env.RETRY_BACKOFF_MAX_MS },
  });
  const secrets = secretEnvKeys
    .map((k) => env[k])
    .filter((v): v is string => typeof v === "string");
  const productionHost = system.VERCEL_PROJECT_PRODUCTION_URL;
  return {
    env,
    redis,
    queue,
    klap: new KlapClient({ apiKey: env.KLAP_API_KEY, baseUrl: env.KLAP_API_URL }),
    qstash: env.QSTASH_TOKEN
      ? new QStashClient({
          token: env.QSTASH_TOKEN,
          ...(env.QSTASH_URL ? { baseUrl: env.QSTASH_URL } : {}),
        })
      : undefined,
    receiver: new Receiver({
      currentSigningKey: env.QSTASH_CURRENT_SIGNING_KEY,
      nextSigningKey: env.QSTASH_NEXT_SIGNING_KEY,
    }),
    log: createLogger(secrets),
    callbackSecret: env.CALLBACK_SIGNING_SECRET ?? env.WORKER_SECRET,
    baseUrl(request) {
      if (env.APP_BASE_URL) return env.APP_BASE_URL.replace(/\/+$/, "");
      if (productionHost) return `https://${productionHost}`;
      return new URL(request.url).origin;
    },
  };
}
