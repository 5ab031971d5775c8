// Reads a `.vercel/output` tree the way the host needs it: the routes of `config.json` and every
// Node.js function with its `.vc-config.json`. Anything the host does not emulate is refused here,
// loudly, rather than served differently from Vercel.
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";

/** Vercel's default `maxDuration` for a Node.js function (Fluid compute) when none is set. */
export const DEFAULT_MAX_DURATION = 300;

export interface HostedRoute {
  src: RegExp;
  dest?: string;
  methods?: string[];
}

export interface HostedFunction {
  /** Path under `functions/` without `.func`, e.g. `api/cron/klap`. */
  name: string;
  dir: string;
  handlerPath: string;
  /** Seconds. */
  maxDuration: number;
}

export interface HostedOutput {
  routes: HostedRoute[];
  functions: Map<string, HostedFunction>;
  crons: { path: string; schedule: string }[];
}

const ROUTE_KEYS = new Set(["src", "dest", "methods"]);

export async function readBuildOutput(outputDir: string): Promise<HostedOutput> {
  const config = await readJson(join(outputDir, "config.json"));
  if (config.version !== 3) {
    throw new Error(
      `${join(outputDir, "config.json")}: expected "version": 3, got ${config.version}`,
    );
  }
  const routes = ((config.routes ?? []) as Record<string, unknown>[]).map(toHostedRoute);
  const functions = new Map<string, HostedFunction>();
  for (const dir of await findFuncDirs(join(outputDir, "functions"))) {
    const fn = await readFunction(outputDir, dir);
    functions.set(fn.name, fn);
  }
  const crons = (config.crons ?? []) as HostedOutput["crons"];
  return { routes, functions, crons };
}

function toHostedRoute(route: Record<string, unknown>, index: number): HostedRoute {
  const unknown = Object.keys(route).filter((key) => !ROUTE_KEYS.has(key));
  if (unknown.length > 0 || typeof route.src !== "string") {
    throw new Error(
      `config.json routes[${index}]: the local host emulates only {src, dest?, methods?} routes, got ${JSON.stringify(route)}`,
    );
  }
  return {
    // Vercel matches route sources case-insensitively unless told otherwise.
    src: new RegExp(route.src, "i"),
    ...(typeof route.dest === "string" ? { dest: route.dest } : {}),
    ...(Array.isArray(route.methods) ? { methods: route.methods.map(String) } : {}),
  };
}

async function readFunction(outputDir: string, dir: string): Promise<HostedFunction> {
  const name = relative(join(outputDir, "functions"), dir).split(sep).join("/").slice(0, -5);
  const config = await readJson(join(dir, ".vc-config.json"));
  const where = `functions/${name}.func/.vc-config.json`;
  if (typeof config.runtime !== "string" || !/^nodejs\d+\.x$/.test(config.runtime)) {
    throw new Error(`${where}: runtime must be nodejsNN.x, got ${JSON.stringify(config.runtime)}`);
  }
  if (config.launcherType !== "Nodejs") {
    throw new Error(
      `${where}: launcherType must be "Nodejs", got ${JSON.stringify(config.launcherType)}`,
    );
  }
  if (typeof config.handler !== "string") throw new Error(`${where}: handler is missing`);
  const handlerPath = join(dir, config.handler);
  await stat(handlerPath).catch(() => {
    throw new Error(`${where}: handler ${config.handler} does not exist`);
  });
  const maxDuration = config.maxDuration ?? DEFAULT_MAX_DURATION;
  if (typeof maxDuration !== "number" || maxDuration <= 0) {
    throw new Error(`${where}: maxDuration must be a positive number of seconds`);
  }
  return { name, dir, handlerPath, maxDuration };
}

async function findFuncDirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    if (entry.name.endsWith(".func")) found.push(path);
    else found.push(...(await findFuncDirs(path)));
  }
  return found;
}

async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
}
