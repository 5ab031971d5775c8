// Builds `.vercel/output` (Build Output API v3) from app/handler.ts: one bundle, written into each
// function's `.func` directory, plus `config.json` with routes and the cron.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { type BuildSettings, parseBuildSettings } from "./build-settings.js";
import { bundleHandler, PROJECT_ROOT } from "./bundle-handler.js";
import { functionLayout } from "./function-layout.js";
import { HANDLER_FILE, nodeFunctionConfig, toJsonFile, vercelConfig } from "./output-config.js";
import { typeCheck } from "./type-check.js";

export interface BuildVercelOutputOptions {
  /** Where the settings come from (CRON_SCHEDULE, *_MAX_DURATION, VERCEL_OUTPUT_ROOT). @default process.env */
  env?: Record<string, string | undefined>;
  /** Base for a relative VERCEL_OUTPUT_ROOT, and the default root. @default process.cwd() */
  cwd?: string;
  /** Run `tsc --noEmit` over the project first; the CLI always does. @default true */
  typeCheck?: boolean;
}

export interface BuiltFunction {
  /** Function path under `functions/`, without `.func` (e.g. `api/cron/klap`). */
  name: string;
  /** Absolute path of the `.func` directory. */
  dir: string;
  /** Absolute path of the bundle inside it. */
  handlerPath: string;
  /** Bundle size in bytes (the same bundle in every function). */
  bytes: number;
  maxDuration: number;
}

export interface BuildVercelOutputResult {
  /** Absolute path of `.vercel/output`. */
  outputDir: string;
  settings: BuildSettings;
  functions: BuiltFunction[];
}

export async function buildVercelOutput(
  options: BuildVercelOutputOptions = {},
): Promise<BuildVercelOutputResult> {
  const settings = parseBuildSettings(options.env ?? process.env, options.cwd ?? process.cwd());
  if (options.typeCheck ?? true) await typeCheck(PROJECT_ROOT);
  const bundle = await bundleHandler(PROJECT_ROOT);
  const layout = functionLayout(settings);

  const { outputDir } = settings;
  assertOutputDir(outputDir);
  // Start from nothing, so a function dropped from the layout cannot ship from an older build.
  await rm(outputDir, { recursive: true, force: true });
  await mkdir(outputDir, { recursive: true });
  await writeFile(join(outputDir, "config.json"), toJsonFile(vercelConfig(layout, settings)));

  const functions: BuiltFunction[] = [];
  for (const fn of layout) {
    const dir = join(outputDir, "functions", `${fn.name}.func`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, ".vc-config.json"), toJsonFile(nodeFunctionConfig(fn)));
    await writeFile(join(dir, HANDLER_FILE), bundle);
    functions.push({
      name: fn.name,
      dir,
      handlerPath: join(dir, HANDLER_FILE),
      bytes: bundle.byteLength,
      maxDuration: fn.maxDuration,
    });
  }
  return { outputDir, settings, functions };
}

/** Guards the recursive delete: only ever a directory named `.vercel/output`. */
function assertOutputDir(outputDir: string): void {
  if (basename(outputDir) !== "output" || basename(dirname(outputDir)) !== ".vercel") {
    throw new Error(
      `Refusing to clean ${outputDir}: the build only writes to <root>/.vercel/output.`,
    );
  }
}
