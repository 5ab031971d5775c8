// The whole system as `npm run dev` runs it, for end-to-end tests: the app is built into a temporary
// .vercel/output and served from there, so what is tested is what ships.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildVercelOutput } from "../../app/build/index.js";
import {
  type LocalSystem,
  type LocalSystemOptions,
  startLocalSystem,
} from "../../app/local/dev/local-system.js";

export interface TestSystem extends LocalSystem {
  /** POST /api/jobs with the system's API token. */
  enqueue(body: Record<string, unknown>): Promise<{ status: number; id: string }>;
  job(id: string): Promise<Record<string, unknown> & { status: string }>;
  /** Polls a job until `done` holds, ticking the cron first when `tick` is set. */
  waitFor(
    id: string,
    done: (job: { status: string }) => boolean,
    opts?: { tick?: boolean; timeoutMs?: number },
  ): Promise<Record<string, unknown>>;
}

export async function startTestSystem(
  options: Partial<LocalSystemOptions> = {},
): Promise<TestSystem> {
  const root = mkdtempSync(join(tmpdir(), "inflio-e2e-"));
  const build = await buildVercelOutput({
    typeCheck: false,
    env: { ...process.env, VERCEL_OUTPUT_ROOT: root },
  });
  const system = await startLocalSystem({
    outputDir: build.outputDir,
    cronIntervalSeconds: 0,
    klap: { processingMs: 300, exportMs: 200 },
    // The app's JSON log lines are noise in a passing run; INFLIO_TEST_LOGS=1 shows them.
    functionLogs: process.env.INFLIO_TEST_LOGS ? "inherit" : "ignore",
    ...options,
    env: {
      KLAP_POLL_INTERVAL_SECONDS: "1",
      RETRY_BACKOFF_BASE_MS: "200",
      RETRY_BACKOFF_MAX_MS: "400",
      ...options.env,
    },
  });
  const job = async (id: string) =>
    (await (await fetch(`${system.url}/api/jobs/${id}`)).json()) as Record<string, unknown> & {
      status: string;
    };
  return {
    ...system,
    async enqueue(body) {
      const res = await fetch(`${system.url}/api/jobs`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${system.secrets.QUEUE_API_TOKEN}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ projectId: "e2e", ...body }),
      });
      return { status: res.status, id: ((await res.json()) as { id: string }).id };
    },
    job,
    async waitFor(id, done, { tick = false, timeoutMs = 20_000 } = {}) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        if (tick) await system.scheduler.tick();
        const current = await job(id);
        if (done(current)) return current;
        if (Date.now() > until)
          throw new Error(`job ${id} still ${current.status} after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 150));
      }
    },
    async close() {
      await system.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
