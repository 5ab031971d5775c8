// The app's environment, parsed once at start-up. Infra derives the Vercel env vars it must set from
// `envSchema` (see `requiredEnvKeys`), so the deployment and the app cannot drift apart.
import * as z from "zod/mini";
import "../zod-locale.js";

const secret = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .check(z.minLength(16, `${name} must be at least 16 characters`));

const required = (name: string) =>
  z.string({ error: `${name} is required` }).check(z.minLength(1, `${name} is required`));

const url = (name: string) =>
  z.url({ protocol: /^https?$/, error: `${name} must be an http(s) URL` });

const int = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .check(
      z.int(`${name} must be a whole number`),
      z.gte(min, `${name} must be at least ${min}`),
      z.lte(max, `${name} must be at most ${max}`),
    );

export const envSchema = z.object({
  /** REST URL of the Upstash Redis database (or the local Upstash-compatible endpoint). */
  UPSTASH_REDIS_REST_URL: url("UPSTASH_REDIS_REST_URL"),
  /** REST token of the Upstash Redis database. */
  UPSTASH_REDIS_REST_TOKEN: required("UPSTASH_REDIS_REST_TOKEN"),
  /** Bearer token for enqueue, stats and the dashboard. */
  QUEUE_API_TOKEN: secret("QUEUE_API_TOKEN"),
  /** Bearer token accepted by the worker route besides a QStash signature. */
  WORKER_SECRET: secret("WORKER_SECRET"),
  /** Bearer token Vercel Cron sends to the cron route. */
  CRON_SECRET: secret("CRON_SECRET"),
  /** QStash signing keys; the worker route verifies signatures against both. */
  QSTASH_CURRENT_SIGNING_KEY: required("QSTASH_CURRENT_SIGNING_KEY"),
  QSTASH_NEXT_SIGNING_KEY: required("QSTASH_NEXT_SIGNING_KEY"),
  /** QStash publish token; when set, enqueue pushes the job to the worker at once. */
  QSTASH_TOKEN: z.optional(z.string().check(z.minLength(1))),
  /** QStash API base URL (the local simulator in dev and tests). */
  QSTASH_URL: z.optional(url("QSTASH_URL")),
  /** Klap API key. */
  KLAP_API_KEY: required("KLAP_API_KEY"),
  /** Klap API base URL. */
  KLAP_API_URL: z._default(url("KLAP_API_URL"), "https://api.klap.app/v2"),
  /** Prefix of every Redis key, e.g. `pr-42:klap` for a preview stack. */
  QUEUE_PREFIX: z._default(
    z
      .string()
      .check(
        z.regex(
          /^[A-Za-z0-9:_-]{1,64}$/,
          "QUEUE_PREFIX may hold letters, digits, ':', '_' and '-'",
        ),
      ),
    "klap",
  ),
  /** `inline`: the cron route runs jobs itself; `qstash`: it fans them out to the worker route. */
  DISPATCH_MODE: z._default(
    z.enum(["inline", "qstash"], { error: "DISPATCH_MODE must be 'inline' or 'qstash'" }),
    "inline",
  ),
  /** Public base URL of this deployment, used as the QStash target (e.g. https://x.vercel.app). */
  APP_BASE_URL: z.optional(url("APP_BASE_URL")),
  /** HMAC key for signing job callbacks; defaults to WORKER_SECRET when unset. */
  CALLBACK_SIGNING_SECRET: z.optional(secret("CALLBACK_SIGNING_SECRET")),
  /** Vercel deployment-protection bypass token, forwarded on QStash deliveries when set. */
  VERCEL_AUTOMATION_BYPASS_SECRET: z.optional(z.string().check(z.minLength(1))),
  /** Jobs claimed per cron tick. */
  CRON_BATCH_SIZE: z._default(int("CRON_BATCH_SIZE", 1, 100), 10),
  /** Jobs processed at once by one invocation. */
  WORKER_CONCURRENCY: z._default(int("WORKER_CONCURRENCY", 1, 50), 4),
  /** Time budget of one invocation in ms; keep it safely under the function's maxDuration. */
  TICK_BUDGET_MS: z._default(int("TICK_BUDGET_MS", 1_000, 800_000), 50_000),
  /** Attempts before a job is dead-lettered. */
  MAX_ATTEMPTS: z._default(int("MAX_ATTEMPTS", 1, 50), 5),
  /** First retry delay after a failed step, doubled per attempt (with jitter). */
  RETRY_BACKOFF_BASE_MS: z._default(int("RETRY_BACKOFF_BASE_MS", 0, 3_600_000), 5_000),
  /** Longest retry delay. */
  RETRY_BACKOFF_MAX_MS: z._default(int("RETRY_BACKOFF_MAX_MS", 0, 24 * 3_600_000), 600_000),
  /** Lifetime of terminal job records in seconds. */
  JOB_TTL_SECONDS: z._default(int("JOB_TTL_SECONDS", 60, 30 * 24 * 3600), 24 * 3600),
  /** Seconds between polls of a running Klap task. */
  KLAP_POLL_INTERVAL_SECONDS: z._default(int("KLAP_POLL_INTERVAL_SECONDS", 1, 600), 30),
  /** `1` makes the dashboard read-only. */
  DASHBOARD_READ_ONLY: z.pipe(
    z._default(
      z.enum(["0", "1", "true", "false"], {
        error: "DASHBOARD_READ_ONLY must be 0, 1, true or false",
      }),
      "0",
    ),
    z.transform((v) => v === "1" || v === "true"),
  ),
});

export type AppEnv = z.infer<typeof envSchema>;

/** Rules across keys, checked after each key is valid on its own. */
const crossChecks = (env: AppEnv, ctx: z.core.$RefinementCtx<AppEnv>) => {
  if (env.DISPATCH_MODE === "qstash" && !env.QSTASH_TOKEN) {
    ctx.addIssue({
      code: "custom",
      path: ["QSTASH_TOKEN"],
      message: "QSTASH_TOKEN is required when DISPATCH_MODE is 'qstash'",
    });
  }
};

/** Env keys the app cannot start without (no default, not optional). */
export const requiredEnvKeys: readonly (keyof AppEnv)[] = Object.entries(envSchema.shape)
  .filter(([, field]) => !z.safeParse(field, undefined).success)
  .map(([key]) => key as keyof AppEnv);

/** Env keys whose values are secrets: set `sensitive` on Vercel, never logged. */
export const secretEnvKeys: readonly (keyof AppEnv)[] = [
  "UPSTASH_REDIS_REST_TOKEN",
  "QUEUE_API_TOKEN",
  "WORKER_SECRET",
  "CRON_SECRET",
  "QSTASH_CURRENT_SIGNING_KEY",
  "QSTASH_NEXT_SIGNING_KEY",
  "QSTASH_TOKEN",
  "KLAP_API_KEY",
  "CALLBACK_SIGNING_SECRET",
  "VERCEL_AUTOMATION_BYPASS_SECRET",
];

export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(
    message: string,
    /** Env keys that are missing or invalid; never their values. */
    readonly keys: string[],
  ) {
    super(message);
  }
}

/** Parses the environment once; the error names every bad key and never echoes a value. */
export function parseEnv(source: Record<string, string | undefined> = process.env): AppEnv {
  const result = z.safeParse(envSchema.check(z.superRefine(crossChecks)), source);
  if (result.success) return result.data;
  const keys = [...new Set(result.error.issues.map((i) => String(i.path[0])))];
  const lines = result.error.issues.map((i) => `- ${String(i.path[0])}: ${i.message}`);
  throw new ConfigError(`Invalid environment:\n${lines.join("\n")}`, keys);
}
