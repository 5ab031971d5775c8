// Shared by the build tests: temp roots and a sha1 listing of a built tree.
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const made: string[] = [];

export async function tempRoot(prefix = "build-test-"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export async function removeTempRoots(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** Every file under `dir`, by path relative to it, with the sha1 of its bytes. */
export async function sha1Tree(dir: string): Promise<Record<string, string>> {
  const tree: Record<string, string> = {};
  for (const path of await listFiles(dir)) {
    const bytes = await readFile(path);
    tree[relative(dir, path)] = createHash("sha1").update(bytes).digest("hex");
  }
  return tree;
}

export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** The `env` the app needs to start, pointing at the test run's Upstash-compatible endpoint. */
export function appEnv(redisRestUrl: string, redisRestToken: string): Record<string, string> {
  return {
    UPSTASH_REDIS_REST_URL: redisRestUrl,
    UPSTASH_REDIS_REST_TOKEN: redisRestToken,
    QUEUE_API_TOKEN: "test-queue-api-token-0123456789",
    WORKER_SECRET: "test-worker-secret-0123456789",
    CRON_SECRET: "test-cron-secret-0123456789",
    QSTASH_CURRENT_SIGNING_KEY: "sig_test_current_0123456789",
    QSTASH_NEXT_SIGNING_KEY: "sig_test_next_0123456789",
    KLAP_API_KEY: "test-klap-key",
    KLAP_API_URL: "http://127.0.0.1:9/v2",
    QUEUE_PREFIX: `build-test-${process.pid}-${Date.now()}`,
  };
}
