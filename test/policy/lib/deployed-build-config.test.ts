import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { readDeployedBuildConfig } from "../../../infra/policy/lib/deployed-build-config.js";

const root = mkdtempSync(join(tmpdir(), "deployed-config-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function meta(content: string): string {
  return `${Buffer.byteLength(content)}~${createHash("sha1").update(content).digest("hex")}`;
}

describe("readDeployedBuildConfig", () => {
  // Layout of this repo: the program in infra/, the pack in infra/policy, the build at the root.
  const content = JSON.stringify({
    version: 3,
    crons: [{ path: "/api/cron/klap", schedule: "* * * * *" }],
  });
  mkdirSync(join(root, ".vercel", "output"), { recursive: true });
  mkdirSync(join(root, "infra", "policy"), { recursive: true });
  writeFileSync(join(root, ".vercel", "output", "config.json"), content);

  test("finds a path relative to the program directory from inside the pack folder", () => {
    const files = {
      "../.vercel/output/config.json": meta(content),
      "../.vercel/output/x.js": "1~a",
    };
    const found = readDeployedBuildConfig(files, join(root, "infra", "policy"));
    expect(found).toEqual({
      found: true,
      file: join(root, ".vercel", "output", "config.json"),
      crons: [{ path: "/api/cron/klap", schedule: "* * * * *" }],
    });
  });

  test("refuses a file whose hash differs from the one deployed", () => {
    const files = { "../.vercel/output/config.json": meta(`${content} `) };
    const found = readDeployedBuildConfig(files, join(root, "infra", "policy"));
    expect(found).toMatchObject({
      found: false,
      reason: expect.stringMatching(/no file matching/),
    });
  });

  test("says so when the metadata is not size~sha1", () => {
    const found = readDeployedBuildConfig({ ".vercel/output/config.json": "latest" }, root);
    expect(found).toMatchObject({ found: false, reason: expect.stringMatching(/not "size~sha1"/) });
  });
});
