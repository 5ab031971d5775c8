import { describe, expect, test } from "vitest";
import { redisEviction } from "../../../infra/policy/policies/redis-eviction.js";
import { TYPES, validateResource } from "../support/policy-harness.js";

const redis = (props: Record<string, unknown>) => ({
  type: TYPES.redis,
  props: { databaseName: "klap-queue", region: "global", primaryRegion: "us-east-1", ...props },
});

describe("redis-eviction", () => {
  test("passes a database with eviction on", async () => {
    expect(await validateResource(redisEviction, redis({ eviction: true }))).toEqual({
      violations: [],
    });
  });

  test("reports a database with eviction off", async () => {
    const { violations } = await validateResource(redisEviction, redis({ eviction: false }));
    expect(violations).toEqual([expect.stringMatching(/"klap-queue" has eviction false/)]);
  });

  test("reports a database that leaves eviction unset", async () => {
    const { violations } = await validateResource(redisEviction, redis({}));
    expect(violations).toHaveLength(1);
  });
});
