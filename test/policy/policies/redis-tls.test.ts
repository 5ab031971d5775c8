import { describe, expect, test } from "vitest";
import { redisTls } from "../../../infra/policy/policies/redis-tls.js";
import { TYPES, validateResource } from "../support/policy-harness.js";

const redis = (props: Record<string, unknown>) => ({
  type: TYPES.redis,
  props: { databaseName: "klap-queue", region: "global", primaryRegion: "us-east-1", ...props },
});

describe("redis-tls", () => {
  test("passes a database with tls on", async () => {
    expect(await validateResource(redisTls, redis({ tls: true }))).toEqual({ violations: [] });
  });

  test("reports a database with tls off", async () => {
    const { violations } = await validateResource(redisTls, redis({ tls: false }));
    expect(violations).toEqual([expect.stringMatching(/"klap-queue" has tls false/)]);
  });

  test("reports a database that leaves tls to the provider default", async () => {
    const { violations } = await validateResource(redisTls, redis({}));
    expect(violations).toHaveLength(1);
  });

  test("ignores other resource types", async () => {
    const outcome = await validateResource(redisTls, { type: TYPES.vercelProject, props: {} });
    expect(outcome.violations).toEqual([]);
  });
});
