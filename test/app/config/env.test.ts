import { describe, expect, test } from "vitest";
import { ConfigError, parseEnv, requiredEnvKeys } from "../../../app/config/env.js";

const valid = {
  UPSTASH_REDIS_REST_URL: "http://127.0.0.1:8079",
  UPSTASH_REDIS_REST_TOKEN: "token",
  QUEUE_API_TOKEN: "q".repeat(16),
  WORKER_SECRET: "w".repeat(16),
  CRON_SECRET: "c".repeat(16),
  QSTASH_CURRENT_SIGNING_KEY: "sig_current",
  QSTASH_NEXT_SIGNING_KEY: "sig_next",
  KLAP_API_KEY: "klap-key",
};

function configError(source: Record<string, string>): ConfigError {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("parseEnv accepted an invalid environment");
}

describe("requiredEnvKeys", () => {
  test("lists the keys with neither a default nor optional", () => {
    expect([...requiredEnvKeys].sort()).toEqual(Object.keys(valid).sort());
  });
});

describe("parseEnv", () => {
  test("fills the defaults and coerces numbers and flags", () => {
    const env = parseEnv({ ...valid, CRON_BATCH_SIZE: "7", DASHBOARD_READ_ONLY: "true" });
    expect(env).toMatchObject({
      CRON_BATCH_SIZE: 7,
      DASHBOARD_READ_ONLY: true,
      DISPATCH_MODE: "inline",
      KLAP_API_URL: "https://api.klap.app/v2",
      QUEUE_PREFIX: "klap",
    });
  });

  test("names every bad key with a sentence, and never a value", () => {
    const error = configError({
      ...valid,
      CRON_SECRET: "short",
      QSTASH_URL: "ftp://qstash",
      MAX_ATTEMPTS: "2.5",
    });
    expect(error.keys.sort()).toEqual(["CRON_SECRET", "MAX_ATTEMPTS", "QSTASH_URL"]);
    expect(error.message).toBe(
      [
        "Invalid environment:",
        "- CRON_SECRET: CRON_SECRET must be at least 16 characters",
        "- QSTASH_URL: QSTASH_URL must be an http(s) URL",
        "- MAX_ATTEMPTS: MAX_ATTEMPTS must be a whole number",
      ].join("\n"),
    );
  });

  test("checks rules across keys once each key is valid", () => {
    const error = configError({ ...valid, DISPATCH_MODE: "qstash" });
    expect(error.keys).toEqual(["QSTASH_TOKEN"]);
    expect(error.message).toContain("QSTASH_TOKEN is required when DISPATCH_MODE is 'qstash'");
  });
});
