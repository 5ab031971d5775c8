import * as pulumi from "@pulumi/pulumi";
import { describe, expect, test } from "vitest";
import { envSchema, requiredEnvKeys, secretEnvKeys } from "../../infra/app-contract.js";
import { type AppEnvInputs, appEnvironment } from "../../infra/app-env.js";

const inputs: AppEnvInputs = {
  config: {
    queuePrefix: "pr-7:klap",
    dispatchMode: "qstash",
    jobTtlSeconds: 3600,
    klapApiUrl: "https://api.klap.app/v2",
    secrets: {
      qstashToken: pulumi.secret("qstash-token"),
      qstashCurrentSigningKey: pulumi.secret("sig_current"),
      qstashNextSigningKey: pulumi.secret("sig_next"),
      klapApiKey: pulumi.secret("klap-key"),
    },
  },
  // Plain on purpose: the function must mark them itself.
  redis: { restUrl: "https://db.upstash.io", restToken: "rest-token" },
  tokens: {
    queueApiToken: "q".repeat(48),
    workerSecret: "w".repeat(48),
    cronSecret: "c".repeat(48),
  },
};

const value = (output: pulumi.Output<string>) =>
  new Promise<string>((resolve) => output.apply(resolve));

describe("appEnvironment", () => {
  test("sets every env var the app's schema requires, and only keys the schema knows", () => {
    const keys = appEnvironment(inputs).map((v) => v.key);
    expect(requiredEnvKeys.length).toBeGreaterThan(0);
    for (const key of requiredEnvKeys) expect(keys).toContain(key);
    for (const key of keys) expect(Object.keys(envSchema.shape)).toContain(key);
  });

  test("makes each of the app's secret keys a Pulumi secret and sensitive, and nothing else", async () => {
    for (const v of appEnvironment(inputs)) {
      const secret = secretEnvKeys.includes(v.key);
      expect({ key: v.key, sensitive: v.sensitive }).toEqual({ key: v.key, sensitive: secret });
      expect({ key: v.key, secret: await pulumi.isSecret(v.value) }).toEqual({
        key: v.key,
        secret,
      });
    }
  });

  test("passes the stack's prefix, dispatch mode and job TTL as text", async () => {
    const env = new Map(appEnvironment(inputs).map((v) => [v.key, v.value]));
    expect(await value(env.get("QUEUE_PREFIX")!)).toBe("pr-7:klap");
    expect(await value(env.get("DISPATCH_MODE")!)).toBe("qstash");
    expect(await value(env.get("JOB_TTL_SECONDS")!)).toBe("3600");
    expect(env.has("APP_BASE_URL")).toBe(false);
  });

  test("sets VERCEL_AUTOMATION_BYPASS_SECRET only when deployment protection gives one", () => {
    const keys = (extra: Partial<AppEnvInputs>) =>
      appEnvironment({ ...inputs, ...extra }).map((v) => v.key);
    expect(keys({})).not.toContain("VERCEL_AUTOMATION_BYPASS_SECRET");
    expect(keys({ bypassSecret: "b".repeat(32) })).toContain("VERCEL_AUTOMATION_BYPASS_SECRET");
  });
});
