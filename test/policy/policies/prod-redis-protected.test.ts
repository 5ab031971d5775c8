import { describe, expect, test } from "vitest";
import { prodRedisProtected } from "../../../infra/policy/policies/prod-redis-protected.js";
import { TYPES, validateResource } from "../support/policy-harness.js";

const redisOn = (stack: string, protect: boolean) => ({
  type: TYPES.redis,
  stack,
  props: { databaseName: `inflio-jobs-${stack}`, region: "global", primaryRegion: "us-east-1" },
  opts: { protect },
});

describe("prod-redis-protected", () => {
  test("passes prod's database when it is protected", async () => {
    expect(await validateResource(prodRedisProtected, redisOn("prod", true))).toEqual({
      violations: [],
    });
  });

  test("reports prod's database when it is not protected", async () => {
    const { violations } = await validateResource(prodRedisProtected, redisOn("prod", false));
    expect(violations).toEqual([
      expect.stringMatching(/"inflio-jobs-prod" on stack "prod" is not protected/),
    ]);
  });

  test("leaves dev and preview databases unprotected", async () => {
    for (const stack of ["dev", "pr-42"]) {
      expect(await validateResource(prodRedisProtected, redisOn(stack, false))).toEqual({
        violations: [],
      });
    }
  });

  test("protects the stacks the policy config names instead", async () => {
    const config = { protectedStacks: ["prod", "staging"] };
    const { violations } = await validateResource(
      prodRedisProtected,
      redisOn("staging", false),
      config,
    );
    expect(violations).toHaveLength(1);
  });
});
