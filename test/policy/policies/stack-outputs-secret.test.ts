import { Secret } from "@pulumi/policy";
import { describe, expect, test } from "vitest";
import { stackOutputsSecret } from "../../../infra/policy/policies/stack-outputs-secret.js";
import {
  type ResourceInput,
  TYPES,
  UNKNOWN_STRING,
  validateStack,
} from "../support/policy-harness.js";

const REST_TOKEN = "AYQgASQgMzA4NmY3ZDYtZTk4Ny00";
const PASSWORD = "2f0c9a1e7b5d4c3e8a6f";

/** A database as the Upstash SDK registers it: schema secrets in additionalSecretOutputs. */
const database: ResourceInput = {
  type: TYPES.redis,
  name: "queue",
  props: {
    databaseName: "inflio-jobs-dev",
    endpoint: "eu1-klap.upstash.io",
    restToken: REST_TOKEN,
    password: PASSWORD,
  },
  opts: { additionalSecretOutputs: ["password", "readOnlyRestToken", "restToken"] },
};

const stackWith = (outputs: Record<string, unknown>): ResourceInput => ({
  type: TYPES.stack,
  name: "inflio-jobs-dev",
  props: outputs,
});

describe("stack-outputs-secret", () => {
  test("passes a secret-named output that carries a secret resource output", async () => {
    const outcome = await validateStack(stackOutputsSecret, [
      stackWith({ appUrl: "https://inflio-jobs.vercel.app", redisRestToken: REST_TOKEN }),
      database,
    ]);
    expect(outcome).toEqual({ violations: [] });
  });

  test("passes a value derived from a secret, like a connection string", async () => {
    const outcome = await validateStack(stackOutputsSecret, [
      stackWith({ redisPassword: `rediss://default:${PASSWORD}@eu1-klap.upstash.io:6379` }),
      database,
    ]);
    expect(outcome.violations).toEqual([]);
  });

  test("reports a secret-named output whose value no secret source produced", async () => {
    const outcome = await validateStack(stackOutputsSecret, [
      stackWith({
        appUrl: "https://inflio-jobs.vercel.app",
        queueApiToken: "plain-text-token-123",
      }),
      database,
    ]);
    expect(outcome.violations).toEqual([
      expect.stringMatching(/^Stack output queueApiToken looks like a secret/),
    ]);
    expect(outcome.violations[0]).not.toContain("plain-text-token-123");
  });

  test("reports a token the program marked as non-secret", async () => {
    const unprotected = { ...database, opts: { additionalSecretOutputs: [] } };
    const outcome = await validateStack(stackOutputsSecret, [
      stackWith({ redisRestToken: REST_TOKEN }),
      unprotected,
    ]);
    expect(outcome.violations).toHaveLength(1);
  });

  test("finds secret-named fields inside an object output", async () => {
    const outcome = await validateStack(stackOutputsSecret, [
      stackWith({
        redis: { url: "https://eu1-klap.upstash.io", token: "not-from-a-secret-source" },
      }),
      database,
    ]);
    expect(outcome.violations).toEqual([expect.stringMatching(/^Stack output redis\.token /)]);
  });

  test("trusts secret outputs read through a StackReference, and only those", async () => {
    const reference: ResourceInput = {
      type: TYPES.stackReference,
      name: "dev",
      props: {
        name: "acme/inflio-jobs/dev",
        outputs: { redisRestToken: REST_TOKEN, redisRestUrl: "https://eu1-klap.upstash.io" },
        secretOutputNames: ["redisRestToken"],
      },
    };
    const passes = await validateStack(stackOutputsSecret, [
      stackWith({ sharedRedisToken: REST_TOKEN }),
      reference,
    ]);
    expect(passes.violations).toEqual([]);
    const leaks = await validateStack(stackOutputsSecret, [
      stackWith({ sharedRedisKey: "https://eu1-klap.upstash.io" }),
      reference,
    ]);
    expect(leaks.violations).toHaveLength(1);
  });

  test("passes values handed over as Secret, and values not known during preview", async () => {
    const outcome = await validateStack(stackOutputsSecret, [
      stackWith({ cronSecret: new Secret("x"), redisRestToken: UNKNOWN_STRING }),
    ]);
    expect(outcome.violations).toEqual([]);
  });

  test("ignores outputs whose names do not look secret", async () => {
    const outcome = await validateStack(stackOutputsSecret, [
      stackWith({ appUrl: "https://inflio-jobs.vercel.app", redisRestUrl: "https://x.upstash.io" }),
    ]);
    expect(outcome.violations).toEqual([]);
  });
});
