import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { cronAtMostEveryMinute } from "../../../infra/policy/policies/cron-at-most-every-minute.js";
import { TYPES, validateResource } from "../support/policy-harness.js";

const schedule = (cron: string, type: string = TYPES.qstashScheduleV2) => ({
  type,
  props: { destination: "https://jobs.example.com/api/worker", cron },
});

const dir = mkdtempSync(join(tmpdir(), "cron-policy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A Deployment shipping a Build Output config.json, listed the way getPrebuiltProject lists it. */
function deploymentShipping(config: object, name: string) {
  const file = join(dir, name, ".vercel", "output", "config.json");
  const content = Buffer.from(JSON.stringify(config));
  mkdirSync(join(dir, name, ".vercel", "output"), { recursive: true });
  writeFileSync(file, content);
  const sha1 = createHash("sha1").update(content).digest("hex");
  return {
    type: TYPES.vercelDeployment,
    props: { projectId: "prj_1", production: true, files: { [file]: `${content.length}~${sha1}` } },
  };
}

describe("cron-at-most-every-minute", () => {
  test("passes 5-field QStash schedules, with or without a timezone", async () => {
    for (const cron of ["* * * * *", "*/5 * * * *", "CRON_TZ=Europe/Berlin 0 9 * * 1-5"]) {
      expect(await validateResource(cronAtMostEveryMinute, schedule(cron)), cron).toEqual({
        violations: [],
      });
    }
  });

  test("reports a QStash schedule with a seconds field", async () => {
    const { violations } = await validateResource(
      cronAtMostEveryMinute,
      schedule("*/10 * * * * *"),
    );
    expect(violations).toEqual([expect.stringMatching(/cron must have 5 fields .* got 6/)]);
  });

  test("reports an @every macro", async () => {
    const { violations } = await validateResource(cronAtMostEveryMinute, schedule("@every 10s"));
    expect(violations).toEqual([expect.stringMatching(/"@every 10s" is a macro/)]);
  });

  test("checks v1 QStash schedules too", async () => {
    const bad = schedule("0/30 * * * * *", TYPES.qstashSchedule);
    expect((await validateResource(cronAtMostEveryMinute, bad)).violations).toHaveLength(1);
    const good = schedule("0 * * * *", TYPES.qstashSchedule);
    expect((await validateResource(cronAtMostEveryMinute, good)).violations).toEqual([]);
  });

  test("passes the Vercel crons a deployment ships when they have 5 fields", async () => {
    const deployment = deploymentShipping(
      { version: 3, crons: [{ path: "/api/cron/klap", schedule: "* * * * *" }] },
      "good",
    );
    expect(await validateResource(cronAtMostEveryMinute, deployment)).toEqual({ violations: [] });
  });

  test("reports a Vercel cron with a seconds field", async () => {
    const deployment = deploymentShipping(
      { version: 3, crons: [{ path: "/api/cron/klap", schedule: "*/30 * * * * *" }] },
      "seconds",
    );
    const { violations } = await validateResource(cronAtMostEveryMinute, deployment);
    expect(violations).toEqual([
      expect.stringMatching(/^Vercel Cron for \/api\/cron\/klap in .*must have 5 fields/),
    ]);
  });

  test("does not judge a deployment whose config.json on disk differs from the one deployed", async () => {
    const deployment = deploymentShipping({ version: 3, crons: [] }, "stale");
    const [file] = Object.keys(deployment.props.files);
    writeFileSync(
      file!,
      JSON.stringify({ version: 3, crons: [{ path: "/x", schedule: "@hourly" }] }),
    );
    const outcome = await validateResource(cronAtMostEveryMinute, deployment);
    expect(outcome.violations).toEqual([]);
    expect(outcome.notApplicable).toMatch(/^Vercel crons not checked: no file matching/);
  });

  test("does not judge a deployment that ships no Build Output config", async () => {
    const outcome = await validateResource(cronAtMostEveryMinute, {
      type: TYPES.vercelDeployment,
      props: { projectId: "prj_1", files: { "index.html": "12~abc" } },
    });
    expect(outcome.notApplicable).toMatch(/ships no \.vercel\/output\/config\.json/);
  });
});
