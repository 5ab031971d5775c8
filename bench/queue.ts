// Queue core over the local Upstash-compatible endpoint: REST requests per job and jobs/s.
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { JobQueue } from "../app/queue/index.js";
import { fmt, startBenchRedis, summarize, writeResult } from "./support.js";

const schema = z.object({ n: z.number() });
const RUNS = 5;
const JOBS = 2_000;

export async function benchQueue() {
  const env = await startBenchRedis();
  try {
    let run = 0;
    const newQueue = () => new JobQueue({ redis: env.client(), schema, prefix: `bench${run}` });

    // Round trips, after one warm-up that loads the scripts (EVALSHA then hits the cache).
    const q = newQueue();
    await q.enqueue({ n: 0 });
    await q.complete((await q.claim(1, 60_000)).jobs[0]!, null);
    let before = env.requests();
    await q.claim(10, 60_000);
    const idleClaim = env.requests() - before;
    before = env.requests();
    const jobCount = 50;
    for (let i = 0; i < jobCount; i++) {
      await q.enqueue({ n: i });
      const [job] = (await q.claim(1, 60_000)).jobs;
      await q.complete(job!, { ok: true });
    }
    const perJob = (env.requests() - before) / jobCount;

    // Raw endpoint rate: PING with 8 concurrent clients, the ceiling the queue is measured against.
    const pingRates: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const clients = Array.from({ length: 8 }, () => env.client());
      const start = performance.now();
      await Promise.all(clients.map(async (c) => { for (let i = 0; i < 500; i++) await c.ping(); })); // biome-ignore format: short loop
      pingRates.push((8 * 500) / ((performance.now() - start) / 1000));
    }

    const throughput: Record<string, ReturnType<typeof summarize>> = {};
    for (const consumers of [1, 8]) {
      const rates: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        run++;
        const producer = newQueue();
        for (let i = 0; i < JOBS; i += 200) {
          await Promise.all(Array.from({ length: 200 }, (_, j) => producer.enqueue({ n: i + j })));
        }
        const workers = Array.from({ length: consumers }, () => newQueue());
        const start = performance.now();
        let done = 0;
        await Promise.all(
          workers.map(async (w) => {
            for (;;) {
              const { jobs } = await w.claim(10, 60_000);
              if (jobs.length === 0) return;
              await Promise.all(jobs.map((job) => w.complete(job, { ok: true })));
              done += jobs.length;
            }
          }),
        );
        if (done !== JOBS) throw new Error(`processed ${done} of ${JOBS} jobs`);
        rates.push(JOBS / ((performance.now() - start) / 1000));
      }
      throughput[`${consumers}`] = summarize(rates);
    }

    const result = {
      restRequests: { perOneStepJob: perJob, idleClaim, enqueue: 1, claim: 1, complete: 1 },
      endpointPingPerSecond: summarize(pingRates),
      jobsPerSecond: throughput,
      notes: `claim takes up to 10 jobs per call; each claimed job completes with its own script call (the client auto-pipelines completes issued together into one /pipeline request). ${JOBS} jobs per run.`,
    };
    const file = writeResult("queue", result);
    console.log("\nQueue core (local Upstash-compatible endpoint over a real redis-server)");
    console.log(`  REST requests per one-step job (enqueue → claim → complete): ${perJob}`);
    console.log(`  REST requests for an idle claim: ${idleClaim}`);
    console.log(`  endpoint PING rate, 8 clients: ${fmt(result.endpointPingPerSecond, " req/s")}`);
    for (const [c, s] of Object.entries(throughput))
      console.log(`  jobs/s with ${c} consumer(s): ${fmt(s)}`);
    console.log(`  → ${file}`);
    return result;
  } finally {
    await env.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await benchQueue();
