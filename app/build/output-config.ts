// The two JSON files of Build Output API v3 that this build writes: `config.json` at the root and
// `.vc-config.json` in each `.func` directory. Field names follow Vercel's docs and the serialised
// `NodejsLambda` of @vercel/build-utils (packages/build-utils/src/nodejs-lambda.ts).
import type { BuildSettings } from "./build-settings.js";
import { CRON_PATH, type FunctionSpec } from "./function-layout.js";

/** The bundle's file name inside each `.func` directory; `.mjs` makes it ESM without a package.json. */
export const HANDLER_FILE = "index.mjs";
/** Node.js major the functions run on; the bundle targets it too. */
export const NODE_RUNTIME = "nodejs22.x";

export interface VercelConfig {
  version: 3;
  routes: { src: string; dest: string }[];
  crons?: { path: string; schedule: string }[];
}

export interface NodeFunctionConfig {
  runtime: typeof NODE_RUNTIME;
  handler: typeof HANDLER_FILE;
  launcherType: "Nodejs";
  maxDuration: number;
}

export function vercelConfig(functions: FunctionSpec[], settings: BuildSettings): VercelConfig {
  return {
    version: 3,
    // A rewrite keeps the URL the client asked for, so the handler routes on the real path.
    routes: functions.map((f) => ({ src: f.src, dest: `/${f.name}` })),
    ...(settings.cronSchedule === null
      ? {}
      : { crons: [{ path: CRON_PATH, schedule: settings.cronSchedule }] }),
  };
}

export function nodeFunctionConfig(fn: FunctionSpec): NodeFunctionConfig {
  return {
    runtime: NODE_RUNTIME,
    handler: HANDLER_FILE,
    launcherType: "Nodejs",
    maxDuration: fn.maxDuration,
  };
}

/** Stable JSON: fixed key order from the builders above, two-space indent, final newline. */
export function toJsonFile(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
