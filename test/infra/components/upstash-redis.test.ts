import { describe, expect, test } from "vitest";
import { redisDatabaseArgs } from "../../../infra/components/upstash-redis.js";

describe("redisDatabaseArgs", () => {
  test("makes a single-region database global with one primary region, TLS and eviction on", () => {
    expect(
      redisDatabaseArgs("inflio-jobs-dev", { primaryRegion: "eu-west-1", budget: 15 }),
    ).toEqual({
      databaseName: "inflio-jobs-dev",
      region: "global",
      primaryRegion: "eu-west-1",
      tls: true,
      eviction: true,
      budget: 15,
    });
  });

  test("adds read regions only when there are some", () => {
    const args = redisDatabaseArgs("db", { readRegions: ["us-west-2", "eu-west-1"] });
    expect(args.readRegions).toEqual(["us-west-2", "eu-west-1"]);
    expect(args.primaryRegion).toBe("us-east-1");
    expect(args.budget).toBe(20);
  });
});
