// The built tree against the Build Output API v3 contract: config.json, routes, crons, and each
// function's .vc-config.json, with the settings infra passes.
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type BuildVercelOutputResult,
  buildVercelOutput,
} from "../../app/build/build-vercel-output.js";
import { listFiles, removeTempRoots, tempRoot } from "./helpers.js";

const SETTINGS = {
  CRON_SCHEDULE: "*/5 * * * *",
  API_MAX_DURATION: "45",
  CRON_MAX_DURATION: "250",
  WORKER_MAX_DURATION: "280",
};

/** Every path the app serves, with the function that must serve it. */
const PATHS: [string, string][] = [
  ["/api/jobs", "app"],
  ["/api/jobs/job_123", "app"],
  ["/api/cron/klap", "api/cron/klap"],
  ["/api/worker/klap", "api/worker/klap"],
  ["/api/queue/stats", "app"],
  ["/api/health", "app"],
  ["/dashboard", "app"],
  ["/api/dashboard/jobs", "app"],
  ["/not/a/route", "app"],
];

const EXPECTED_DURATIONS: Record<string, number> = {
  app: 45,
  "api/cron/klap": 250,
  "api/worker/klap": 280,
};

let built: BuildVercelOutputResult;
let outputDir: string;

async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, "utf8"));
}

/** Vercel's routing for plain {src, dest} routes: the first match rewrites; case-insensitive. */
function functionFor(config: Record<string, unknown>, path: string): string | undefined {
  const routes = config.routes as { src: string; dest: string }[];
  const route = routes.find((r) => new RegExp(r.src, "i").test(path));
  return route?.dest.replace(/^\//, "");
}

beforeAll(async () => {
  const root = await tempRoot();
  // A function from an older build that the current layout no longer has.
  const stale = join(root, ".vercel", "output", "functions", "api", "old.func");
  await mkdir(stale, { recursive: true });
  await writeFile(join(stale, ".vc-config.json"), "{}");
  built = await buildVercelOutput({
    env: { ...SETTINGS, VERCEL_OUTPUT_ROOT: root },
    typeCheck: false,
  });
  outputDir = join(root, ".vercel", "output");
});

afterAll(removeTempRoots);

describe("config.json", () => {
  test("is version 3 with routes and the configured cron, and nothing else", async () => {
    const config = await readJson(join(outputDir, "config.json"));
    expect(Object.keys(config).sort()).toEqual(["crons", "routes", "version"]);
    expect(config.version).toBe(3);
    expect(config.crons).toEqual([{ path: "/api/cron/klap", schedule: "*/5 * * * *" }]);
    for (const route of config.routes as Record<string, unknown>[]) {
      expect(Object.keys(route).sort()).toEqual(["dest", "src"]);
    }
  });

  test.each(PATHS)("routes %s to the %s function, which exists", async (path, name) => {
    const config = await readJson(join(outputDir, "config.json"));
    expect(functionFor(config, path)).toBe(name);
    expect((await stat(join(outputDir, "functions", `${name}.func`))).isDirectory()).toBe(true);
  });

  test("the cron path is served by the cron function", async () => {
    const config = await readJson(join(outputDir, "config.json"));
    const [cron] = config.crons as { path: string }[];
    expect(functionFor(config, cron!.path)).toBe("api/cron/klap");
  });

  test("has no crons key when CRON_SCHEDULE is off", async () => {
    const root = await tempRoot();
    await buildVercelOutput({
      env: { CRON_SCHEDULE: "off", VERCEL_OUTPUT_ROOT: root },
      typeCheck: false,
    });
    const config = await readJson(join(root, ".vercel", "output", "config.json"));
    expect(Object.keys(config).sort()).toEqual(["routes", "version"]);
  });
});

describe(".vc-config.json", () => {
  test.each(Object.entries(EXPECTED_DURATIONS))(
    "of %s has exactly runtime, handler, launcherType and maxDuration %i",
    async (name, maxDuration) => {
      const dir = join(outputDir, "functions", `${name}.func`);
      const config = await readJson(join(dir, ".vc-config.json"));
      expect(config).toStrictEqual({
        runtime: "nodejs22.x",
        handler: "index.mjs",
        launcherType: "Nodejs",
        maxDuration,
      });
      expect((await stat(join(dir, config.handler as string))).isFile()).toBe(true);
    },
  );
});

describe("the tree", () => {
  test("holds config.json and the three functions, and nothing from an older build", async () => {
    const files = (await listFiles(outputDir)).map((f) => f.slice(outputDir.length + 1));
    expect(files).toEqual([
      "config.json",
      "functions/api/cron/klap.func/.vc-config.json",
      "functions/api/cron/klap.func/index.mjs",
      "functions/api/worker/klap.func/.vc-config.json",
      "functions/api/worker/klap.func/index.mjs",
      "functions/app.func/.vc-config.json",
      "functions/app.func/index.mjs",
    ]);
  });

  test("reports what it built", () => {
    expect(built.outputDir).toBe(outputDir);
    expect(built.functions.map((f) => [f.name, f.maxDuration])).toEqual([
      ["api/cron/klap", 250],
      ["api/worker/klap", 280],
      ["app", 45],
    ]);
  });

  test("every function holds the same bundle bytes", async () => {
    const bundles = await Promise.all(built.functions.map((f) => readFile(f.handlerPath)));
    for (const bundle of bundles) expect(bundle.equals(bundles[0]!)).toBe(true);
  });
});

describe("the bundle", () => {
  test("exports the app's handler under every HTTP method the launcher dispatches on", async () => {
    const [fn] = built.functions;
    const mod = await import(pathToFileURL(fn!.handlerPath).href);
    expect(Object.keys(mod).sort()).toEqual([
      "DELETE",
      "GET",
      "HEAD",
      "OPTIONS",
      "PATCH",
      "POST",
      "PUT",
    ]);
    expect(new Set(Object.values(mod)).size).toBe(1);
  });

  test("has no source map, no classic zod and no zod locale but English", async () => {
    const bytes = await readFile(built.functions[0]!.handlerPath);
    const text = bytes.toString("utf8");
    expect(text).not.toContain("sourceMappingURL");
    // Classic zod's schema constructor names; zod/mini's are ZodMini*, core's $Zod*.
    expect(text).not.toMatch(/"Zod(Type|String|Object)"/);
    // A German locale string: present only when a whole zod namespace (every locale) is bundled.
    expect(text).not.toContain("Ungültige Eingabe");
    expect(text).toContain("Too small: expected");
  });

  test("stays under 250 KB", async () => {
    const { size } = await stat(built.functions[0]!.handlerPath);
    expect(size).toBeLessThan(250 * 1024);
  });
});
