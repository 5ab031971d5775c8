import { describe, expect, test } from "vitest";
import {
  parseStackConfig,
  runsAtMostDaily,
  type StackConfigInput,
} from "../../../infra/config/stack-config.js";
import { StackConfigError } from "../../../infra/config/stack-config-error.js";
import { stackRunOptions } from "../../../infra/plan/stack-files.js";

function input(
  stack: string,
  overrides: Record<string, string | undefined> = {},
): StackConfigInput {
  const { project, config } = stackRunOptions(stack);
  const values = { ...config, ...overrides };
  for (const [key, value] of Object.entries(values)) if (value === undefined) delete values[key];
  return {
    project,
    stack,
    organization: "acme",
    values: values as Record<string, string>,
    env: {},
  };
}

function problemsOf(
  stack: string,
  overrides: Record<string, string | undefined>,
): StackConfigError {
  try {
    parseStackConfig(input(stack, overrides));
  } catch (error) {
    if (error instanceof StackConfigError) return error;
    throw error;
  }
  throw new Error("expected the config to be rejected");
}

describe("parseStackConfig", () => {
  test("reads the dev stack file: own single-region database, QStash trigger on Hobby", () => {
    const config = parseStackConfig(input("dev"));
    expect(config).toMatchObject({
      name: "inflio-jobs-dev",
      prNumber: undefined,
      ephemeral: false,
      queuePrefix: "klap",
      redis: { mode: "own", primaryRegion: "us-east-1", readRegions: [], budget: 10 },
      vercel: { plan: "hobby", region: "iad1", deploymentProtection: false },
      trigger: "qstash",
      cronSchedule: "* * * * *",
      dispatchMode: "inline",
      maxDuration: { api: 60, cron: 300, worker: 300 },
      jobTtlSeconds: 86400,
      protect: false,
    });
  });

  test("reads the prod stack file: Pro plan, Vercel Cron, protected", () => {
    const config = parseStackConfig(input("prod"));
    expect(config).toMatchObject({
      trigger: "vercel-cron",
      dispatchMode: "qstash",
      vercel: { plan: "pro", region: "iad1", deploymentProtection: true },
      maxDuration: { api: 60, cron: 800, worker: 800 },
      jobTtlSeconds: 604800,
      protect: true,
    });
  });

  test("gives a pr-<n> stack its defaults: dev's database under its own prefix, torn down whole", () => {
    const config = parseStackConfig(input("pr-123"));
    expect(config).toMatchObject({
      name: "inflio-jobs-pr-123",
      prNumber: 123,
      ephemeral: true,
      queuePrefix: "pr-123:klap",
      redis: { mode: "shared", stack: "acme/inflio-jobs/dev" },
      trigger: "qstash",
      protect: false,
      vercel: { deploymentProtection: false },
    });
  });

  test("lets a pr stack have a database of its own", () => {
    const config = parseStackConfig(input("pr-9", { "inflio-jobs:redisMode": "own" }));
    expect(config.redis).toEqual({
      mode: "own",
      primaryRegion: "us-east-1",
      readRegions: [],
      budget: 20,
    });
    expect(config.queuePrefix).toBe("pr-9:klap");
  });

  test("puts the functions next to the database unless told otherwise", () => {
    const config = parseStackConfig(
      input("dev", { "inflio-jobs:redisPrimaryRegion": "eu-west-1" }),
    );
    expect(config.vercel.region).toBe("dub1");
  });

  test("takes the Vercel token from VERCEL_API_TOKEN, as the provider does", () => {
    const given = input("dev", { "vercel:apiToken": undefined });
    expect(() => parseStackConfig({ ...given, env: { VERCEL_API_TOKEN: "t" } })).not.toThrow();
  });

  test("needs no Upstash credentials for a shared database triggered by Vercel Cron", () => {
    const given = input("pr-5", {
      "upstash:email": undefined,
      "upstash:apiKey": undefined,
      "inflio-jobs:vercelPlan": "pro",
    });
    expect(parseStackConfig(given).trigger).toBe("vercel-cron");
  });

  test.each([
    ["inflio-jobs:redisPrimaryRegion", "eu-north-1", "use one of us-east-1, us-west-1"],
    ["inflio-jobs:redisReadRegions", '["mars-1"]', "is not an Upstash read region"],
    ["inflio-jobs:redisReadRegions", "us-west-2", "must be a list of regions"],
    ["inflio-jobs:redisReadRegions", '["us-east-1"]', "must not contain the primary region"],
    ["inflio-jobs:redisBudget", "0", "from 1 to 10000 USD a month"],
    ["inflio-jobs:redisMode", "borrowed", "use one of own, shared"],
    ["inflio-jobs:sharedRedisStack", "dev", "fully qualified stack"],
    ["inflio-jobs:cronSchedule", "*/5 * * *", "must have 5 fields"],
    ["inflio-jobs:cronSchedule", "0 24 * * *", "hour"],
    ["inflio-jobs:cronSchedule", "0 3 * * MON", "names, L, W and # are not supported"],
    ["inflio-jobs:trigger", "cron", "use one of vercel-cron, qstash"],
    ["inflio-jobs:dispatchMode", "fanout", "DISPATCH_MODE must be 'inline' or 'qstash'"],
    ["inflio-jobs:maxDurationSeconds", '{"worker":801}', "from 60 to 800 seconds"],
    ["inflio-jobs:maxDurationSeconds", '{"cron":30}', "from 60 to 800 seconds"],
    ["inflio-jobs:maxDurationSeconds", '{"cron":400}', "over the Vercel hobby limit of 300"],
    ["inflio-jobs:maxDurationSeconds", '{"crons":300}', "crons"],
    ["inflio-jobs:jobTtlSeconds", "10", "JOB_TTL_SECONDS must be at least 60"],
    ["inflio-jobs:protect", "yes", "must be true or false"],
    ["inflio-jobs:deploymentProtection", "1", "must be true or false"],
    ["inflio-jobs:klapApiUrl", "ftp://klap", "KLAP_API_URL must be an http(s) URL"],
    ["inflio-jobs:vercelRegion", "us-east-1", "is not a Vercel region"],
    ["inflio-jobs:vercelPlan", "enterprise", "use one of hobby, pro"],
    ["inflio-jobs:qstashCurrentSigningKey", "not-a-key", "must be a QStash signing key"],
    ["inflio-jobs:cronSchedul", "* * * * *", "is not a key this program reads"],
  ])("rejects %s = %s, naming the key", (key, value, hint) => {
    const error = problemsOf("dev", { [key]: value });
    expect(error.keys).toEqual([key]);
    expect(error.message).toContain(`- ${key}`);
    expect(error.message).toContain(hint);
  });

  test("rejects an every-minute Vercel Cron on Hobby, pointing at QStash or Pro", () => {
    const error = problemsOf("dev", { "inflio-jobs:trigger": "vercel-cron" });
    expect(error.keys).toEqual(["inflio-jobs:cronSchedule"]);
    expect(error.message).toMatch(/more than once a day.*qstash.*pro/);
  });

  test("accepts a daily Vercel Cron on Hobby", () => {
    const given = input("dev", {
      "inflio-jobs:trigger": "vercel-cron",
      "inflio-jobs:cronSchedule": "0 3 * * *",
    });
    expect(parseStackConfig(given).cronSchedule).toBe("0 3 * * *");
  });

  test("rejects a stack that would share its own database", () => {
    const error = problemsOf("dev", {
      "inflio-jobs:redisMode": "shared",
      "inflio-jobs:sharedRedisStack": "acme/inflio-jobs/dev",
    });
    expect(error.keys).toEqual(["inflio-jobs:sharedRedisStack"]);
  });

  test("rejects a stack name Vercel cannot use as a project name", () => {
    expect(() => parseStackConfig(input("Staging"))).toThrow(/must be lowercase/);
  });

  test.each([
    "inflio-jobs:qstashToken",
    "inflio-jobs:qstashCurrentSigningKey",
    "inflio-jobs:qstashNextSigningKey",
    "inflio-jobs:klapApiKey",
    "vercel:apiToken",
    "upstash:apiKey",
    "upstash:email",
  ])("fails when %s is missing, saying how to set it", (key) => {
    const error = problemsOf("dev", { [key]: undefined });
    expect(error.keys).toEqual([key]);
    expect(error.message).toContain(
      `pulumi config set ${key.includes("email") ? "" : "--secret "}${key}`,
    );
  });

  test("reports every problem at once and never echoes a secret", () => {
    const error = problemsOf("dev", {
      "inflio-jobs:redisBudget": "-1",
      "inflio-jobs:qstashNextSigningKey": "very-secret-value",
      "inflio-jobs:klapApiKey": undefined,
    });
    expect(error.keys.sort()).toEqual([
      "inflio-jobs:klapApiKey",
      "inflio-jobs:qstashNextSigningKey",
      "inflio-jobs:redisBudget",
    ]);
    expect(error.message).not.toContain("very-secret-value");
  });
});

describe("runsAtMostDaily", () => {
  test.each([
    ["0 3 * * *", true],
    ["15 0 * * 1", true],
    ["* * * * *", false],
    ["0 */6 * * *", false],
    ["0,30 3 * * *", false],
  ])("%s -> %s", (schedule, daily) => {
    expect(runsAtMostDaily(schedule)).toBe(daily);
  });
});
