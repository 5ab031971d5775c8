// Shared bench plumbing: a private redis-server + Upstash-compatible endpoint (in this process or its
// own), a temporary build of the app, stats and result files.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, release, tmpdir, totalmem, type } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "@upstash/redis";
import { buildVercelOutput } from "../app/build/build-vercel-output.js";
import { startRedisRest } from "../app/local/redis-rest/server.js";
import { freePort, RedisServer } from "../app/local/redis-server.js";

const PROJECT_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const RESULTS_DIR = join(PROJECT_DIR, "bench", "results");

export async function startBenchRedis(options: { appendOnly?: boolean } = {}) {
  const server = await RedisServer.start(options);
  const token = "bench-token-0123456789";
  const rest = await startRedisRest({ redisUrl: server.url, token });
  return {
    server,
    rest,
    token,
    /** A production client, as a function instance would create it. */
    client: () =>
      new Redis({ url: rest.url, token, automaticDeserialization: false, retry: false }),
    /** REST requests served so far. */
    requests: () => rest.requests.command + rest.requests.pipeline + rest.requests.multiExec,
    async stop() {
      await rest.close();
      await server.stop();
    },
  };
}

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    median: round(median),
    min: round(sorted[0]!),
    max: round(sorted.at(-1)!),
    runs: values.length,
  };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!);
}

export const round = (n: number) => Math.round(n * 100) / 100;

export function machine() {
  const redis = spawnSync(process.env.REDIS_SERVER_BIN ?? "redis-server", ["--version"]);
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? "unknown"}`,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()}`,
    redis: redis.stdout?.toString().split(" ").slice(0, 3).join(" ") || "unknown",
  };
}

export function writeResult(name: string, data: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ machine: machine(), ...(data as object) }, null, 2)}\n`);
  return file;
}

export const fmt = (s: Summary, unit = "") =>
  `${s.median}${unit} (min ${s.min}, max ${s.max}, ${s.runs} runs)`;

/**
 * The Upstash-compatible endpoint in its own process (`npm run redis-rest`), as Upstash is its own
 * server: throughput benches then do not share an event loop with it.
 */
export async function startRestProcess(redisUrl: string, token: string) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(PROJECT_DIR, "app/local/redis-rest/main.ts")],
    {
      cwd: PROJECT_DIR,
      env: {
        PATH: process.env.PATH ?? "",
        REDIS_URL: redisUrl,
        UPSTASH_REDIS_REST_TOKEN: token,
        PORT: String(port),
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (out.includes("UPSTASH_REDIS_REST_URL=")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`redis-rest exited with ${code}: ${out}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Builds `.vercel/output` into a temporary root (no type-check); `remove()` deletes it. */
export async function buildIntoTemp() {
  const root = await mkdtemp(join(tmpdir(), "bench-build-"));
  const built = await buildVercelOutput({ env: { VERCEL_OUTPUT_ROOT: root }, typeCheck: false });
  return { outputDir: built.outputDir, remove: () => rm(root, { recursive: true, force: true }) };
}

/** p50/p95/p99 of one run's samples. */
export function latencyPercentiles(samples: number[]) {
  return {
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
