// Enqueue → processing start, p50/p95/p99, for cron-only dispatch and for QStash push dispatch, through
// the whole local system (startLocalSystem: the built app served as Vercel would, the QStash and Klap
// simulators, redis-server behind the REST endpoint). Run alone: `npx tsx bench/latency.ts`.
//
// Jobs are enqueued over HTTP at random moments (gaps uniform in 0–2×MEAN_GAP_MS, seeded), so they land
// at random points of the cron cycle. Start = the job's `startedAt` (set by the claim) minus its
// `createdAt` (set by the enqueue): both written by function processes on this machine's clock.
// Cron-only runs with a 1 s cron here; a deployment's cron runs every minute (Vercel's finest), so the
// wait scales with the interval: the README projects the figures to 60 s.
import { pathToFileURL } from "node:url";
import { startLocalSystem } from "../app/local/dev/local-system.js";
import { seededRandom } from "./seeded-random.js";
import {
  buildIntoTemp,
  latencyPercentiles,
  round,
  type Summary,
  sleep,
  summarize,
  writeResult,
} from "./support.js";

const RUNS = 3;
const JOBS_PER_RUN = 120;
const MEAN_GAP_MS = 50;
const CRON_SECONDS = 1;
const DEPLOYED_CRON_SECONDS = 60;

type Mode = "cronOnly" | "push";

export async function benchLatency() {
  const build = await buildIntoTemp();
  try {
    const modes = {} as Record<Mode, { runs: ReturnType<typeof latencyPercentiles>[] }>;
    for (const mode of ["cronOnly", "push"] as const)
      modes[mode] = await measure(build.outputDir, mode);
    const summary = (mode: Mode) => {
      const runs = modes[mode].runs;
      return {
        p50: summarize(runs.map((r) => r.p50)),
        p95: summarize(runs.map((r) => r.p95)),
        p99: summarize(runs.map((r) => r.p99)),
      };
    };
    const cron = summary("cronOnly");
    const push = summary("push");
    // The wait for the next tick is uniform over the interval; what is left is the tick's own work.
    const overheadMs = Math.max(0, cron.p50.median - (CRON_SECONDS * 1000) / 2);
    const at60 = (q: number) => round(q * DEPLOYED_CRON_SECONDS * 1000 + overheadMs);
    const result = {
      settings: {
        runs: RUNS,
        jobsPerRun: JOBS_PER_RUN,
        meanGapMs: MEAN_GAP_MS,
        localCronSeconds: CRON_SECONDS,
        system:
          "startLocalSystem: built app on the local Vercel host, QStash and Klap simulators, redis-server (AOF) behind the REST endpoint",
      },
      latencyMs: { cronOnly: cron, push },
      cronOnlyProjectedToEveryMinuteMs: { p50: at60(0.5), p95: at60(0.95), p99: at60(0.99) },
      perRun: modes,
    };
    const file = writeResult("latency", result);
    const line = (name: string, s: Record<string, Summary>) =>
      `  ${name}: ${Object.entries(s)
        .map(([q, v]) => `${q} ${v.median} ms (${v.min}–${v.max})`)
        .join(", ")}`;
    console.log("\nLatency: enqueue → processing start, medians of", RUNS, "runs (min–max)");
    console.log(line(`cron-only, ${CRON_SECONDS} s cron`, cron));
    console.log(line("QStash push", push));
    console.log(
      `  cron-only projected to a 60 s cron: ${JSON.stringify(result.cronOnlyProjectedToEveryMinuteMs)}`,
    );
    console.log(`  → ${file}`);
    return result;
  } finally {
    await build.remove();
  }
}

async function measure(outputDir: string, mode: Mode) {
  const system = await startLocalSystem({
    outputDir,
    qstash: mode === "push",
    // Push alone: no cron to race it. Cron-only: a short cron, scaled up in the README.
    cronIntervalSeconds: mode === "push" ? 0 : CRON_SECONDS,
    env: { KLAP_POLL_INTERVAL_SECONDS: "30" },
    // Tasks outlast the run, so no poll or export work muddies the measurement.
    klap: { processingMs: 600_000 },
  });
  const queue = system.queue;
  const enqueue = async (n: string) => {
    const res = await fetch(`${system.url}/api/jobs`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${system.secrets.QUEUE_API_TOKEN}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ videoUrl: `https://video.example/${mode}/${n}.mp4`, projectId: n }),
    });
    if (res.status !== 202) throw new Error(`enqueue answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  };
  const startLatencies = async (ids: string[]) => {
    const until = Date.now() + 30_000;
    for (;;) {
      const jobs = await Promise.all(ids.map((id) => queue.get(id)));
      if (jobs.every((j) => j?.startedAt !== undefined))
        return jobs.map((j) => j!.startedAt! - j!.createdAt);
      if (Date.now() > until) throw new Error(`${mode}: jobs did not start within 30 s`);
      await sleep(100);
    }
  };
  try {
    await startLatencies([await enqueue("warm-up")]); // cold starts of both functions
    const random = seededRandom(mode === "push" ? 2 : 1);
    const runs: ReturnType<typeof latencyPercentiles>[] = [];
    for (let r = 0; r < RUNS; r++) {
      const pending: Promise<string>[] = [];
      for (let i = 0; i < JOBS_PER_RUN; i++) {
        await sleep(random() * 2 * MEAN_GAP_MS);
        pending.push(enqueue(`${r}-${i}`));
      }
      runs.push(latencyPercentiles(await startLatencies(await Promise.all(pending))));
    }
    return { runs };
  } finally {
    await system.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await benchLatency();
