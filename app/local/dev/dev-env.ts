// The app's environment in local mode: the user's values where set, dev values for unset secrets.
import { randomBytes } from "node:crypto";

/** Secrets local mode fills in when unset, so `npm run dev` works with no setup. */
export const DEV_SECRET_KEYS = [
  "QUEUE_API_TOKEN",
  "WORKER_SECRET",
  "CRON_SECRET",
  "QSTASH_CURRENT_SIGNING_KEY",
  "QSTASH_NEXT_SIGNING_KEY",
  "QSTASH_TOKEN",
  "KLAP_API_KEY",
  "UPSTASH_REDIS_REST_TOKEN",
] as const;

export type DevSecrets = Record<(typeof DEV_SECRET_KEYS)[number], string>;

/** Takes each secret from `source`, or makes a fresh random dev value; says which were generated. */
export function devSecrets(source: Record<string, string | undefined>): {
  secrets: DevSecrets;
  generated: string[];
} {
  const generated: string[] = [];
  const secrets = {} as DevSecrets;
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
  return { secrets, generated };
}
