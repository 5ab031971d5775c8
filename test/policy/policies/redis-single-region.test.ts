import { describe, expect, test } from "vitest";
import { redisSingleRegion } from "../../../infra/policy/policies/redis-single-region.js";
import { TYPES, validateResource } from "../support/policy-harness.js";

const redis = (props: Record<string, unknown>) => ({
  type: TYPES.redis,
  props: { databaseName: "klap-queue", region: "global", primaryRegion: "eu-central-1", ...props },
});

describe("redis-single-region", () => {
  test("passes a global database with one primary region and no read regions", async () => {
    expect(await validateResource(redisSingleRegion, redis({}))).toEqual({ violations: [] });
    expect(await validateResource(redisSingleRegion, redis({ readRegions: [] }))).toEqual({
      violations: [],
    });
  });

  test("reports a regional database", async () => {
    const { violations } = await validateResource(
      redisSingleRegion,
      redis({ region: "us-east-1", primaryRegion: undefined }),
    );
    expect(violations).toEqual([
      expect.stringMatching(/region "us-east-1"; set region: "global"/),
      expect.stringMatching(/primaryRegion unset/),
    ]);
  });

  test("reports a primary region Upstash does not offer", async () => {
    const { violations } = await validateResource(
      redisSingleRegion,
      redis({ primaryRegion: "mars-1" }),
    );
    expect(violations).toEqual([expect.stringMatching(/primaryRegion "mars-1"/)]);
  });

  test("reports read regions", async () => {
    const { violations } = await validateResource(
      redisSingleRegion,
      redis({ readRegions: ["us-east-1", "ap-southeast-1"] }),
    );
    expect(violations).toEqual([expect.stringMatching(/readRegions us-east-1, ap-southeast-1/)]);
  });

  test("passes read regions the policy config allows, and only those", async () => {
    const db = redis({ readRegions: ["us-east-1", "ap-southeast-1"] });
    expect(
      await validateResource(redisSingleRegion, db, {
        allowedReadRegions: ["us-east-1", "ap-southeast-1"],
      }),
    ).toEqual({ violations: [] });
    const { violations } = await validateResource(redisSingleRegion, db, {
      allowedReadRegions: ["us-east-1"],
    });
    expect(violations).toEqual([expect.stringMatching(/readRegions ap-southeast-1;/)]);
  });
});
