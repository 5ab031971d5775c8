// The whole local system under a bounded loopback load: 50 clients for 30 s, each enqueuing a job over
// HTTP and polling its status four times, 250 ms apart, then again. Reports request rates, latency
// percentiles and every error; the jobs run meanwhile (QStash push, a 5 s cron as the safety net, the
// Klap simulator taking 3 s per task). Run alone: `npx tsx bench/load.ts`.
import { pathToFileURL } from "node:url";
import { startLocalSystem } from "../app/local/dev/local-system.js";
import {
  buildIntoTemp,
  latencyPercentiles,
  round,
  sleep,
  summarize,
  writeResult,
} from "./support.js";

const RUNS = 3;
const CLIENTS = 50;
const SECONDS = 30;
const POLLS_PER_JOB = 4;
const POLL_GAP_MS = 250;
/** After the load stops, how long the jobs get to finish before the run is scored. */
const DRAIN_SECONDS = 30;

export interface LoadRun {
  requests: { enqueue: number; status: number };
  perSecond: number;
  latencyMs: {
    enqueue: ReturnType<typeof latencyPercentiles>;
    status: ReturnType<typeof latencyPercentiles>;
  };
  errors: { network: number; http5xx: number; unexpectedStatus: number; samples: string[] };
  jobs: { enqueued: number; completed: number; dead: number; unfinished: number };
  cronTicks: { ok: number; failed: number };
  qstash: { delivered: number; failed: number };
}

export interface LoadOptions {
  clients: number;
  seconds: number;
  /** How long the jobs get to finish after the load stops. */
  drainSeconds: number;
}

/** One load run against a fresh system (the test suite's smoke runs a smaller one). */
export async function runLoad(
  outputDir: string,
  { clients, seconds, drainSeconds }: LoadOptions = {
    clients: CLIENTS,
    seconds: SECONDS,
    drainSeconds: DRAIN_SECONDS,
  },
): Promise<LoadRun> {
  const ticks = { ok: 0, failed: 0 };
  const system = await startLocalSystem({
    outputDir,
    cronIntervalSeconds: 5,
    env: { KLAP_POLL_INTERVAL_SECONDS: "1" },
    klap: { processingMs: 3_000, exportMs: 1_000 },
    onCronTick: ({ status }) => void (status === 200 ? ticks.ok++ : ticks.failed++),
  });
  const latencies = { enqueue: [] as number[], status: [] as number[] };
  const errors: LoadRun["errors"] = { network: 0, http5xx: 0, unexpectedStatus: 0, samples: [] };
  const ids: string[] = [];
  const call = async (kind: "enqueue" | "status", url: string, init: RequestInit, ok: number) => {
    const started = performance.now();
    try {
      const res = await fetch(url, init);
      const text = await res.text();
      latencies[kind].push(performance.now() - started);
      if (res.status === ok) return JSON.parse(text) as { id: string };
      if (res.status >= 500) errors.http5xx++;
      else errors.unexpectedStatus++;
      if (errors.samples.length < 5)
        errors.samples.push(`${kind} ${res.status}: ${text.slice(0, 200)}`);
    } catch (error) {
      errors.network++;
      if (errors.samples.length < 5) errors.samples.push(`${kind}: ${(error as Error).message}`);
    }
    return undefined;
  };
  try {
    const end = Date.now() + seconds * 1000;
    const client = async (c: number) => {
      for (let n = 0; Date.now() < end; n++) {
        const job = await call(
          "enqueue",
          `${system.url}/api/jobs`,
          {
            method: "POST",
            headers: {
              authorization: `Bearer ${system.secrets.QUEUE_API_TOKEN}`,
              "content-type": "application/json",
            },
            body: JSON.stringify({
              videoUrl: `https://video.example/c${c}/${n}.mp4`,
              projectId: `c${c}`,
            }),
          },
          202,
        );
        if (!job) continue;
        ids.push(job.id);
        for (let p = 0; p < POLLS_PER_JOB && Date.now() < end; p++) {
          await sleep(POLL_GAP_MS);
          await call("status", `${system.url}/api/jobs/${job.id}`, {}, 200);
        }
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
    const elapsed = (performance.now() - started) / 1000;
    const jobs = await drain(system, ids, drainSeconds);
    const messages = system.qstash?.messages() ?? [];
    return {
      requests: { enqueue: latencies.enqueue.length, status: latencies.status.length },
      perSecond: round((latencies.enqueue.length + latencies.status.length) / elapsed),
      latencyMs: {
        enqueue: latencyPercentiles(latencies.enqueue),
        status: latencyPercentiles(latencies.status),
      },
      errors,
      jobs,
      cronTicks: ticks,
      qstash: {
        delivered: messages.filter((m) => m.state === "delivered").length,
        failed: messages.filter((m) => m.state === "failed").length,
      },
    };
  } finally {
    await system.close();
  }
}

/** Waits (bounded) for the enqueued jobs to finish; returns how they ended. */
async function drain(
  system: Awaited<ReturnType<typeof startLocalSystem>>,
  ids: string[],
  drainSeconds: number,
) {
  const queue = system.queue;
  const until = Date.now() + drainSeconds * 1000;
  for (;;) {
    const stats = await queue.stats();
    const unfinished = stats.pending.total + stats.active + stats.delayed;
    if (unfinished === 0 || Date.now() > until) {
      return { enqueued: ids.length, completed: stats.completed, dead: stats.dead, unfinished };
    }
    await sleep(500);
  }
}

export async function benchLoad() {
  const build = await buildIntoTemp();
  try {
    const runs: LoadRun[] = [];
    for (let r = 0; r < RUNS; r++) {
      runs.push(await runLoad(build.outputDir));
      const last = runs.at(-1)!;
      console.log(`  run ${r + 1}: ${last.perSecond} req/s, errors ${JSON.stringify(last.errors)}`);
    }
    const across = (pick: (r: LoadRun) => number) => summarize(runs.map(pick));
    const result = {
      settings: {
        runs: RUNS,
        clients: CLIENTS,
        seconds: SECONDS,
        pollsPerJob: POLLS_PER_JOB,
        pollGapMs: POLL_GAP_MS,
        drainSeconds: DRAIN_SECONDS,
        system:
          "startLocalSystem: built app on the local Vercel host (one process per function), QStash push, 5 s cron, Klap simulator (3 s tasks, 1 s exports)",
      },
      requestsPerSecond: across((r) => r.perSecond),
      enqueueLatencyMs: {
        p50: across((r) => r.latencyMs.enqueue.p50),
        p95: across((r) => r.latencyMs.enqueue.p95),
        p99: across((r) => r.latencyMs.enqueue.p99),
      },
      statusLatencyMs: {
        p50: across((r) => r.latencyMs.status.p50),
        p95: across((r) => r.latencyMs.status.p95),
        p99: across((r) => r.latencyMs.status.p99),
      },
      errors: across((r) => r.errors.network + r.errors.http5xx + r.errors.unexpectedStatus),
      runs,
    };
    const file = writeResult("load", result);
    const p = (s: { p50: { median: number }; p95: { median: number }; p99: { median: number } }) =>
      `p50 ${s.p50.median} / p95 ${s.p95.median} / p99 ${s.p99.median} ms`;
    console.log(`\nLoad: ${CLIENTS} clients × ${SECONDS} s, medians of ${RUNS} runs`);
    console.log(`  ${result.requestsPerSecond.median} req/s; errors ${result.errors.max} at most`);
    console.log(`  enqueue ${p(result.enqueueLatencyMs)}; status ${p(result.statusLatencyMs)}`);
    console.log(`  → ${file}`);
    return result;
  } finally {
    await build.remove();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await benchLoad();
