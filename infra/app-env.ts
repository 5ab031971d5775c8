// The app's env vars on Vercel, derived from the app's schema: every key it requires is set, every
// secret is a Pulumi secret and `sensitive`. The program also runs the app's own parser over the
// resolved values before they ship (see `validateEnvironment` in VercelApp).
import * as pulumi from "@pulumi/pulumi";
import { type AppEnv, requiredEnvKeys, secretEnvKeys } from "./app-contract.js";
import type { StackConfig } from "./config/stack-config.js";

export type AppEnvKey = keyof AppEnv;

export interface AppEnvVar {
  key: AppEnvKey;
  value: pulumi.Output<string>;
  /** Write-only on Vercel: set for every key the app lists in `secretEnvKeys`. */
  sensitive: boolean;
}

export interface AppEnvInputs {
  config: Pick<
    StackConfig<pulumi.Output<string>>,
    "queuePrefix" | "dispatchMode" | "jobTtlSeconds" | "klapApiUrl" | "secrets"
  >;
  redis: { restUrl: pulumi.Input<string>; restToken: pulumi.Input<string> };
  tokens: {
    queueApiToken: pulumi.Input<string>;
    workerSecret: pulumi.Input<string>;
    cronSecret: pulumi.Input<string>;
  };
  /** Deployment-protection bypass secret; only when protection is on. */
  bypassSecret?: pulumi.Input<string>;
}

/** The env vars to set, sorted by key. Throws if one the app requires is missing. */
export function appEnvironment({ config, redis, tokens, bypassSecret }: AppEnvInputs): AppEnvVar[] {
  // APP_BASE_URL stays unset: the app falls back to Vercel's VERCEL_PROJECT_PRODUCTION_URL.
  const values: Partial<Record<AppEnvKey, pulumi.Input<string>>> = {
    UPSTASH_REDIS_REST_URL: redis.restUrl,
    UPSTASH_REDIS_REST_TOKEN: redis.restToken,
    QUEUE_API_TOKEN: tokens.queueApiToken,
    WORKER_SECRET: tokens.workerSecret,
    CRON_SECRET: tokens.cronSecret,
    QSTASH_TOKEN: config.secrets.qstashToken,
    QSTASH_CURRENT_SIGNING_KEY: config.secrets.qstashCurrentSigningKey,
    QSTASH_NEXT_SIGNING_KEY: config.secrets.qstashNextSigningKey,
    KLAP_API_KEY: config.secrets.klapApiKey,
    KLAP_API_URL: config.klapApiUrl,
    QUEUE_PREFIX: config.queuePrefix,
    DISPATCH_MODE: config.dispatchMode,
    JOB_TTL_SECONDS: String(config.jobTtlSeconds),
    ...(bypassSecret === undefined ? {} : { VERCEL_AUTOMATION_BYPASS_SECRET: bypassSecret }),
  };
  const missing = requiredEnvKeys.filter((key) => values[key] === undefined);
  if (missing.length > 0) {
    throw new Error(`The app requires env vars the program does not set: ${missing.join(", ")}`);
  }
  return (Object.keys(values) as AppEnvKey[]).sort().map((key) => {
    const sensitive = secretEnvKeys.includes(key);
    const value = pulumi.output(values[key]!);
    return { key, sensitive, value: sensitive ? pulumi.secret(value) : value };
  });
}
