import { describe, expect, test } from "vitest";
import { envSchema, secretEnvKeys } from "../../../app/config/env.js";
import { looksSecret } from "../../../infra/policy/lib/secret-names.js";

describe("looksSecret", () => {
  test("treats every key of the app's secretEnvKeys as secret", () => {
    expect(secretEnvKeys.length).toBeGreaterThan(0);
    for (const key of secretEnvKeys) expect(looksSecret(key), key).toBe(true);
  });

  test("treats names with TOKEN, SECRET, KEY or PASSWORD as secret, in any case", () => {
    for (const name of ["STRIPE_KEY", "dbPassword", "redisRestToken", "signingSecret"]) {
      expect(looksSecret(name), name).toBe(true);
    }
  });

  test("leaves the app's other settings alone", () => {
    const others = Object.keys(envSchema.shape).filter(
      (key) => !(secretEnvKeys as readonly string[]).includes(key),
    );
    expect(others).toContain("UPSTASH_REDIS_REST_URL");
    for (const key of others) expect(looksSecret(key), key).toBe(false);
  });
});
