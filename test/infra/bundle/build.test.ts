import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, describe, expect, test } from "vitest";
import { buildRequest, outputPath, runNpmBuild } from "../../../infra/bundle/build.js";

const config = {
  stack: "dev",
  trigger: "vercel-cron" as const,
  cronSchedule: "*/5 * * * *",
  maxDuration: { api: 30, cron: 120, worker: 240 },
};

describe("buildRequest", () => {
  test("passes the cron schedule and every maxDuration to the build, into a folder per stack", () => {
    expect(buildRequest(config, "/repo")).toEqual({
      cwd: "/repo",
      env: {
        CRON_SCHEDULE: "*/5 * * * *",
        API_MAX_DURATION: "30",
        CRON_MAX_DURATION: "120",
        WORKER_MAX_DURATION: "240",
        VERCEL_OUTPUT_ROOT: ".local/pulumi/dev",
      },
    });
  });

  test("asks for no Vercel cron when QStash triggers the cron route", () => {
    const request = buildRequest({ ...config, trigger: "qstash" }, "/repo");
    expect(request.env.CRON_SCHEDULE).toBe("off");
  });
});

describe("outputPath", () => {
  test("is relative to the working directory, so the file list is the same on every machine", () => {
    const request = buildRequest(config, "/repo");
    expect(outputPath(request, "/repo")).toBe(".local/pulumi/dev");
    expect(outputPath(request, "/repo/infra")).toBe("../.local/pulumi/dev");
  });
});

describe("runNpmBuild", () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  function fakeRepo(script: string): string {
    const dir = mkdtempSync(join(tmpdir(), "inflio-build-"));
    made.push(dir);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ scripts: { build: script } }));
    return dir;
  }

  test("runs `npm run build` in the given folder with the build's env vars", () => {
    const repo = fakeRepo(
      `node -e "require('fs').writeFileSync('seen.json', JSON.stringify({cron: process.env.CRON_SCHEDULE, root: process.env.VERCEL_OUTPUT_ROOT, worker: process.env.WORKER_MAX_DURATION}))"`,
    );
    runNpmBuild(buildRequest(config, repo));
    expect(JSON.parse(readFileSync(join(repo, "seen.json"), "utf8"))).toEqual({
      cron: "*/5 * * * *",
      root: ".local/pulumi/dev",
      worker: "240",
    });
  });

  test("stops the program with a RunError when the build fails", () => {
    const repo = fakeRepo(`node -e "process.exit(3)"`);
    let thrown: unknown;
    try {
      runNpmBuild(buildRequest(config, repo));
    } catch (error) {
      thrown = error;
    }
    expect(pulumi.RunError.isInstance(thrown)).toBe(true);
    expect((thrown as Error).message).toContain("exit code 3");
  });
});
