import { describe, expect, test } from "vitest";
import { qstashCronProblem, vercelCronProblem } from "../../../infra/policy/lib/cron.js";

describe("qstashCronProblem", () => {
  test.each([
    "* * * * *",
    "*/15 * * * *",
    "0 3 * * 0",
    "0,30 8-18 * * 1-5",
    "CRON_TZ=America/New_York 0 4 * * *",
  ])("accepts %s", (cron) => {
    expect(qstashCronProblem(cron)).toBeUndefined();
  });

  test.each([
    ["*/10 * * * * *", /must have 5 fields/],
    ["0 0 * * * * 2030", /must have 5 fields/],
    ["@every 10s", /is a macro/],
    ["@hourly", /is a macro/],
    ["60 * * * *", /minute "60" must stay within 0-59/],
    ["*/0 * * * *", /step .* must be at least 1/],
    ["CRON_TZ=UTC */5 * * * * *", /must have 5 fields/],
  ])("rejects %s", (cron, problem) => {
    expect(qstashCronProblem(cron)).toMatch(problem);
  });
});

describe("vercelCronProblem", () => {
  test("accepts a 5-field UTC expression", () => {
    expect(vercelCronProblem("* * * * *")).toBeUndefined();
  });

  test("rejects a timezone prefix, which Vercel does not read", () => {
    expect(vercelCronProblem("CRON_TZ=Europe/Berlin 0 9 * * *")).toMatch(/CRON_TZ prefix/);
  });

  test("rejects seconds and macros", () => {
    expect(vercelCronProblem("* * * * * *")).toMatch(/must have 5 fields/);
    expect(vercelCronProblem("@daily")).toMatch(/is a macro/);
  });
});
