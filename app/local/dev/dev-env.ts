// The app's environment in local mode: the user's values where set, dev values for unset secrets.
import { randomBytes } from "node:crypto";
import { secretEnvKeys } from "../../config/env.js";

/** Secrets with a fallback of their own (see env.ts); local mode leaves them unset. */
const NOT_GENERATED = new Set(["CALLBACK_SIGNING_SECRET", "VERCEL_AUTOMATION_BYPASS_SECRET"]);

/** Secrets local mode fills in when unset, so `npm run dev` works with no setup. */
export const DEV_SECRET_KEYS = secretEnvKeys.filter((key) => !NOT_GENERATED.has(key));

export type DevSecrets = Record<
  | "QUEUE_API_TOKEN"
  | "WORKER_SECRET"
  | "CRON_SECRET"
  | "QSTASH_CURRENT_SIGNING_KEY"
  | "QSTASH_NEXT_SIGNING_KEY"
  | "QSTASH_TOKEN"
  | "KLAP_API_KEY"
  | "UPSTASH_REDIS_REST_TOKEN",
  string
>;

/** Takes each secret from `source`, or makes a fresh random dev value; says which were generated. */
export function devSecrets(source: Record<string, string | undefined>): {
  secrets: DevSecrets;
  generated: string[];
} {
  const generated: string[] = [];
  const secrets: Record<string, string> = {};
  for (const key of DEV_SECRET_KEYS) {
    const given = source[key];
    if (given) {
      secrets[key] = given;
    } else {
      secrets[key] =
        `dev-${key.toLowerCase().replaceAll("_", "-")}-${randomBytes(6).toString("hex")}`;
      generated.push(key);
    }
  }
  return { secrets: secrets as DevSecrets, generated };
}
