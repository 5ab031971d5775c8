import * as pulumi from "@pulumi/pulumi";
import { describe, expect, test } from "vitest";
import { scheduleArgs } from "../../../infra/components/qstash-trigger.js";

describe("scheduleArgs", () => {
  test("calls the destination on the schedule with an explicit method and no headers", () => {
    expect(
      scheduleArgs({ destination: "https://x.vercel.app/api/cron/klap", cron: "*/2 * * * *" }),
    ).toEqual({
      destination: "https://x.vercel.app/api/cron/klap",
      cron: "*/2 * * * *",
      method: "POST",
    });
  });

  test("forwards the protection bypass header, as a secret", async () => {
    const args = scheduleArgs({ destination: "https://x", bypassSecret: "b".repeat(32) });
    const headers = args.forwardHeaders as pulumi.Output<Record<string, string>>;
    expect(await pulumi.isSecret(headers)).toBe(true);
    expect(await new Promise((resolve) => headers.apply(resolve))).toEqual({
      "x-vercel-protection-bypass": "b".repeat(32),
    });
  });
});
