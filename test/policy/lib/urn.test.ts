import { describe, expect, test } from "vitest";
import { stackOfUrn } from "../../../infra/policy/lib/urn.js";

describe("stackOfUrn", () => {
  test("reads the stack of a resource URN, nested types included", () => {
    expect(
      stackOfUrn(
        "urn:pulumi:prod::inflio-jobs::inflio:upstash:Redis$upstash:index/redisDatabase:RedisDatabase::queue",
      ),
    ).toBe("prod");
    expect(
      stackOfUrn("urn:pulumi:pr-42::inflio-jobs::pulumi:pulumi:Stack::inflio-jobs-pr-42"),
    ).toBe("pr-42");
  });

  test("returns undefined for anything else", () => {
    expect(stackOfUrn("not-a-urn")).toBeUndefined();
  });
});
