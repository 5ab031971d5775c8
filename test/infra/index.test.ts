// infra/index.ts run the way `pulumi preview` runs it, per Pulumi.yaml: Node with `--import tsx`,
// ts-node off, the SDK's own `cmd/run` entry, over gRPC. A stand-in `npm` replaces the real build.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { REPO_ROOT } from "../../infra/bundle/build.js";
import { stackRunOptions } from "../../infra/plan/stack-files.js";
import { runLikeLanguageHost } from "./language-host.js";

// A stack name of its own, so the stand-in build writes where nothing else reads.
const STACK = "langhost-check";
const bin = mkdtempSync(join(tmpdir(), "inflio-npm-"));
writeFileSync(
  join(bin, "npm"),
  `#!/bin/sh
# Stands in for \`npm run build\`: the file layout the build writes, under VERCEL_OUTPUT_ROOT.
out="$VERCEL_OUTPUT_ROOT/.vercel/output"
mkdir -p "$out/functions/app.func"
printf '{"version":3}' > "$out/config.json"
printf '%s' "$CRON_SCHEDULE $API_MAX_DURATION" > "$out/functions/app.func/index.mjs"
`,
);
chmodSync(join(bin, "npm"), 0o755);

afterAll(() => {
  rmSync(bin, { recursive: true, force: true });
  rmSync(join(REPO_ROOT, ".local", "pulumi", STACK), { recursive: true, force: true });
});

function config(overrides: Record<string, string> = {}): Record<string, string> {
  return { ...stackRunOptions("dev").config, ...overrides };
}

describe("the Pulumi entry point", () => {
  test("loads as native ESM through tsx, builds, and registers the whole stack", async () => {
    const run = await runLikeLanguageHost({
      root: REPO_ROOT,
      stack: STACK,
      project: "inflio-jobs",
      config: config(),
      pathPrefix: bin,
    });
    expect(run.messages).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.argv.slice(0, 2)).toEqual(["--import", "tsx"]);
    expect(run.registered).toContain(`pulumi:pulumi:Stack inflio-jobs-${STACK}`);
    expect(run.registered).toContain(
      `vercel:index/deployment:Deployment inflio-jobs-${STACK}-vercel-deployment`,
    );
    // The provider runs in the same directory as the program: `main`'s folder.
    expect(run.invokes).toEqual([
      {
        token: "vercel:index/getPrebuiltProject:getPrebuiltProject",
        args: { path: `../.local/pulumi/${STACK}` },
      },
    ]);
  }, 60_000);

  test("reports an invalid config value as one clean error, before building anything", async () => {
    const run = await runLikeLanguageHost({
      root: REPO_ROOT,
      stack: STACK,
      project: "inflio-jobs",
      config: config({ "inflio-jobs:redisPrimaryRegion": "mars-1" }),
      pathPrefix: bin,
    });
    expect(run.exitCode).not.toBe(0);
    expect(run.messages).toHaveLength(1);
    expect(run.messages[0]).toMatch(/^error: Invalid stack config for inflio-jobs\/langhost-check/);
    expect(run.messages[0]).toContain("inflio-jobs:redisPrimaryRegion");
    // A RunError: no stack trace for the user to wade through.
    expect(run.messages[0]).not.toMatch(/\n\s+at /);
    expect(run.registered).toEqual([`pulumi:pulumi:Stack inflio-jobs-${STACK}`]);
  }, 60_000);
});
