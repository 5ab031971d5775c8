// The whole system on one machine: redis-server, the Upstash-compatible endpoint, the Klap and QStash
// simulators, the built app served from .vercel/output as Vercel would, and a cron scheduler.
import { startKlapSimulator } from "../klap-simulator/index.js";
import { startQStashSimulator } from "../qstash-simulator/index.js";
import { type RedisRestServer, startRedisRest } from "../redis-rest/server.js";
import { freePort, RedisServer } from "../redis-server.js";
import { startVercelHost } from "../vercel-host/index.js";
import { Redis } from "@upstash/redis";
import { envSchema } from "../../config/env.js";
import { type KlapJobPayload, klapJobSchema } from "../../jobs/klap-job.js";
import { JobQueue } from "../../queue/index.js";
import { type CronScheduler, cronIntervalSeconds, startCronScheduler } from "./cron-scheduler.js";
import { type DevSecrets, devSecrets } from "./dev-env.js";

export interface LocalSystemOptions {
  /** The built `.vercel/output` to serve. */
  outputDir: string;
  /** App port. @default a free port */
  port?: number;
  /** Use this Redis instead of starting one. */
  redisUrl?: string;
  /** Data directory of the Redis this starts (AOF on). @default a temporary directory */
  redisDir?: string;
  /** Env for the app; unset secrets get dev values. Also read: KLAP_API_URL and QSTASH_URL (real services). */
  env?: Record<string, string | undefined>;
  /** Klap simulator behaviour. */
  klap?: { processingMs?: number; exportMs?: number; failureRate?: number };
  /** Start the QStash simulator and give the app QSTASH_TOKEN (push dispatch). @default true */
  qstash?: boolean;
  /** Seconds between cron ticks; 0 = no scheduler (tests tick by hand). @default from the build's cron */
  cronIntervalSeconds?: number;
  onCronTick?: (result: { status: number; body: unknown }) => void;
  /** Show the app's log lines. @default "inherit" */
  functionLogs?: "inherit" | "ignore";
}

export interface LocalSystem {
  url: string;
  secrets: DevSecrets;
  /** Secrets that were not set and got a dev value. */
  generatedSecrets: string[];
  appEnv: Record<string, string>;
  redis: RedisServer | undefined;
  rest: RedisRestServer;
  klap: Awaited<ReturnType<typeof startKlapSimulator>> | undefined;
  qstash: Awaited<ReturnType<typeof startQStashSimulator>> | undefined;
  scheduler: CronScheduler;
  /** The app's queue, straight on its Redis (for inspection and tests; the app is the usual way in). */
  queue: JobQueue<KlapJobPayload>;
  close(): Promise<void>;
}

export async function startLocalSystem(options: LocalSystemOptions): Promise<LocalSystem> {
  // Only the app's own variables reach it, as on Vercel: not this shell's HOME, PATH or tokens.
  const source = pick(options.env ?? {}, Object.keys(envSchema.shape));
  const withQStash = options.qstash ?? true;
  const { secrets, generated } = devSecrets(source);
  const closers: (() => Promise<void> | void)[] = [];
  try {
    const redis = options.redisUrl
      ? undefined
      : await RedisServer.start({
          appendOnly: true,
          ...(options.redisDir ? { dir: options.redisDir } : {}),
        });
    if (redis) closers.push(() => (options.redisDir ? redis.kill("SIGTERM") : redis.stop()));
    const rest = await startRedisRest({
      redisUrl: options.redisUrl ?? redis!.url,
      token: secrets.UPSTASH_REDIS_REST_TOKEN,
    });
    closers.push(() => rest.close());

    const klap = source.KLAP_API_URL
      ? undefined
      : await startKlapSimulator({ apiKey: secrets.KLAP_API_KEY, ...options.klap });
    if (klap) closers.push(() => klap.close());
    const qstash =
      source.QSTASH_URL || !withQStash
        ? undefined
        : await startQStashSimulator({
            token: secrets.QSTASH_TOKEN,
            currentSigningKey: secrets.QSTASH_CURRENT_SIGNING_KEY,
            nextSigningKey: secrets.QSTASH_NEXT_SIGNING_KEY,
          });
    if (qstash) closers.push(() => qstash.close());

    const port = options.port ?? (await freePort());
    const url = `http://127.0.0.1:${port}`;
    const appEnv = definedOnly({
      ...source,
      ...secrets,
      UPSTASH_REDIS_REST_URL: rest.url,
      KLAP_API_URL: source.KLAP_API_URL ?? klap!.url,
      QSTASH_URL: source.QSTASH_URL ?? qstash?.url,
      // Without QStash the app runs cron-only: no token, so no push on enqueue.
      QSTASH_TOKEN: withQStash ? secrets.QSTASH_TOKEN : undefined,
      APP_BASE_URL: source.APP_BASE_URL ?? url,
    });
    const host = await startVercelHost({
      outputDir: options.outputDir,
      port,
      env: appEnv,
      ...(options.functionLogs ? { functionLogs: options.functionLogs } : {}),
    });
    closers.push(() => host.close());

    const cron = host.crons[0];
    const intervalSeconds =
      options.cronIntervalSeconds ?? (cron ? cronIntervalSeconds(cron.schedule) : 0);
    const scheduler = startCronScheduler({
      url: `${url}${cron?.path ?? "/api/cron/klap"}`,
      cronSecret: secrets.CRON_SECRET,
      intervalMs: intervalSeconds > 0 ? intervalSeconds * 1000 : 2 ** 31 - 1,
      ...(options.onCronTick ? { onTick: options.onCronTick } : {}),
    });
    closers.push(() => scheduler.stop());

    return {
      url,
      secrets,
      generatedSecrets: generated,
      appEnv,
      redis,
      rest,
      klap,
      qstash,
      scheduler,
      queue: new JobQueue({
        redis: new Redis({
          url: rest.url,
          token: secrets.UPSTASH_REDIS_REST_TOKEN,
          automaticDeserialization: false,
        }),
        schema: klapJobSchema,
        prefix: appEnv.QUEUE_PREFIX ?? "klap",
      }),
      close: () => closeAll(closers),
    };
  } catch (error) {
    await closeAll(closers);
    throw error;
  }
}

async function closeAll(closers: (() => Promise<void> | void)[]): Promise<void> {
  for (const close of closers.reverse()) await Promise.resolve(close()).catch(() => {});
  closers.length = 0;
}

function pick(
  env: Record<string, string | undefined>,
  keys: string[],
): Record<string, string | undefined> {
  return Object.fromEntries(
    keys.filter((k) => env[k] !== undefined && env[k] !== "").map((k) => [k, env[k]]),
  );
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined),
  );
}
