// Nothing from the build machine's environment or file system may reach the deployed files.
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { afterAll, beforeAll, expect, test } from "vitest";
import { PROJECT_ROOT } from "../../app/build/bundle-handler.js";
import { buildVercelOutput } from "../../app/build/build-vercel-output.js";
import { envSchema } from "../../app/config/env.js";
import { listFiles, removeTempRoots, tempRoot } from "./helpers.js";

const CANARY = "CANARY-7d3f9a";
const canaryKeys = [...Object.keys(envSchema.shape), "NODE_ENV", "VERCEL_ENV", "SECRET_ELSEWHERE"];
const saved = new Map(canaryKeys.map((key) => [key, process.env[key]]));
let root: string;
let files: { path: string; text: string }[];

beforeAll(async () => {
  for (const key of canaryKeys) process.env[key] = `${CANARY}-${key}-value`;
  root = await tempRoot("build-canary-");
  try {
    // The build reads its settings from the same environment that holds the canaries.
    const { outputDir } = await buildVercelOutput({
      env: { ...process.env, VERCEL_OUTPUT_ROOT: root },
      typeCheck: false,
    });
    files = await Promise.all(
      (await listFiles(outputDir)).map(async (path) => ({
        path,
        text: await readFile(path, "utf8"),
      })),
    );
  } finally {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
});

afterAll(removeTempRoots);

test("no env value set at build time appears in any output file", () => {
  expect(files.length).toBe(7);
  for (const { path, text } of files) {
    expect(text.includes(CANARY), `${path} holds a canary value`).toBe(false);
  }
});

test("the bundle still reads the app's env at run time", () => {
  const bundle = files.find((f) => f.path.endsWith("index.mjs"))!.text;
  expect(bundle).toContain("process.env");
});

test("no absolute path of the build machine appears in any output file", () => {
  const projectRoot = PROJECT_ROOT.replace(/\/$/, "");
  for (const { path, text } of files) {
    for (const needle of [projectRoot, root, homedir(), "node_modules/"]) {
      expect(text.includes(needle), `${path} contains ${needle}`).toBe(false);
    }
  }
});
