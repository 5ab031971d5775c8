import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { BuildSettingsError, parseBuildSettings } from "../../app/build/build-settings.js";
import { buildVercelOutput } from "../../app/build/build-vercel-output.js";
import { cronScheduleProblem } from "../../app/build/cron-schedule.js";
import { removeTempRoots, tempRoot } from "./helpers.js";

afterAll(removeTempRoots);

function settingsError(env: Record<string, string>): BuildSettingsError {
  try {
    parseBuildSettings(env, "/work");
  } catch (error) {
    if (error instanceof BuildSettingsError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be rejected`);
}

describe("parseBuildSettings", () => {
  test("defaults to a cron every minute, 60 s for the API and 300 s for cron and worker", () => {
    expect(parseBuildSettings({}, "/work")).toEqual({
      cronSchedule: "* * * * *",
      apiMaxDuration: 60,
      cronMaxDuration: 300,
      workerMaxDuration: 300,
      outputDir: "/work/.vercel/output",
    });
  });

  test("reads every setting from its env var", () => {
    const settings = parseBuildSettings(
      {
        CRON_SCHEDULE: "*/5  9-17 * * 1-5",
        API_MAX_DURATION: "30",
        CRON_MAX_DURATION: "800",
        WORKER_MAX_DURATION: "120",
        VERCEL_OUTPUT_ROOT: "dist/site",
      },
      "/work",
    );
    expect(settings).toEqual({
      cronSchedule: "*/5 9-17 * * 1-5",
      apiMaxDuration: 30,
      cronMaxDuration: 800,
      workerMaxDuration: 120,
      outputDir: "/work/dist/site/.vercel/output",
    });
  });

  test("CRON_SCHEDULE=off means no cron", () => {
    expect(parseBuildSettings({ CRON_SCHEDULE: "off" }, "/work").cronSchedule).toBeNull();
  });

  test("an empty variable counts as unset", () => {
    expect(parseBuildSettings({ CRON_SCHEDULE: "", API_MAX_DURATION: "" }, "/work")).toMatchObject({
      cronSchedule: "* * * * *",
      apiMaxDuration: 60,
    });
  });

  test.each([
    ["61 * * * *", "minute"],
    ["* 24 * * *", "hour"],
    ["* * 0 * *", "day-of-month"],
    ["* * * 13 *", "month"],
    ["* * * * 7", "day-of-week"],
    ["* * * *", "5 fields"],
    ["* * * * * *", "5 fields"],
    ["0 0 * * MON", "names"],
    ["*/0 * * * *", "step"],
    ["30-10 * * * *", "low to high"],
    ["@hourly", "5 fields"],
  ])("rejects CRON_SCHEDULE %j, naming the variable", (schedule, reason) => {
    const error = settingsError({ CRON_SCHEDULE: schedule });
    expect(error.keys).toEqual(["CRON_SCHEDULE"]);
    expect(error.message).toContain("CRON_SCHEDULE");
    expect(error.message).toContain(reason);
  });

  test.each(["API_MAX_DURATION", "CRON_MAX_DURATION", "WORKER_MAX_DURATION"])(
    "rejects an out-of-range or malformed %s, naming it",
    (key) => {
      for (const [value, reason] of [
        ["0", "at least 1"],
        ["801", "at most 800"],
        ["1.5", "whole number"],
        ["ten", "number of seconds"],
      ]) {
        const error = settingsError({ [key]: value! });
        expect(error.keys).toEqual([key]);
        expect(error.message).toContain(`${key} must`);
        expect(error.message).toContain(reason);
      }
    },
  );

  test("names every bad variable at once", () => {
    const error = settingsError({ CRON_SCHEDULE: "hourly", API_MAX_DURATION: "9999" });
    expect(error.keys.sort()).toEqual(["API_MAX_DURATION", "CRON_SCHEDULE"]);
    expect(error.message).toContain("API_MAX_DURATION must be at most 800 seconds");
  });
});

describe("cronScheduleProblem", () => {
  test.each(["* * * * *", "0 3 * * *", "*/15 0-6,20-23 1,15 */2 0-6", "5 4 31 12 0"])(
    "accepts %j",
    (schedule) => {
      expect(cronScheduleProblem(schedule)).toBeUndefined();
    },
  );
});

describe("buildVercelOutput with bad settings", () => {
  test("fails before touching the output directory", async () => {
    const root = await tempRoot();
    const existing = join(root, ".vercel", "output", "config.json");
    await mkdir(join(root, ".vercel", "output"), { recursive: true });
    await writeFile(existing, "{}");
    await expect(
      buildVercelOutput({
        env: { VERCEL_OUTPUT_ROOT: root, WORKER_MAX_DURATION: "-1" },
        typeCheck: false,
      }),
    ).rejects.toThrow(/WORKER_MAX_DURATION must be at least 1 second/);
    expect(await readFile(existing, "utf8")).toBe("{}");
  });
});
