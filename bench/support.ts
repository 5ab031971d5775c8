// Shared bench plumbing: a private redis-server + Upstash-compatible endpoint, stats, result files.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "@upstash/redis";
import { startRedisRest } from "../app/local/redis-rest/server.js";
import { RedisServer } from "../app/local/redis-server.js";

export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "results");

export async function startBenchRedis(options: { appendOnly?: boolean } = {}) {
  const server = await RedisServer.start(options);
  const token = "bench-token-0123456789";
  const rest = await startRedisRest({ redisUrl: server.url, token });
  return {
    server,
    rest,
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
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? "unknown"}`,
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
