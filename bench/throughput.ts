// Jobs/s with 1, 4 and 16 concurrent workers: our queue core, our routes, and BullMQ on the same
// redis-server in the same run. Run alone: `npx tsx bench/throughput.ts`.
//
// - Core: each worker is its own JobQueue and @upstash/redis client (a separate function instance),
//   claiming one job at a time and completing it: the like-for-like match for a BullMQ Worker with
//   `concurrency` c running a no-op job; and claiming 10 per call, as a cron tick does. Ours goes
//   through the REST endpoint (its own process), as on Upstash; BullMQ speaks TCP to the same
//   redis-server with ioredis.
// - Routes: in-process handlers (createApp/createContext per worker), Redis over the same REST endpoint,
//   the Klap simulator over loopback HTTP. Workers loop on POST /api/worker/klap; a Klap job takes two
//   of those invocations (submit; poll+clips+export+complete, the simulator's exports being ready at
//   once), one poll interval apart.
import { pathToFileURL } from "node:url";
import { Redis } from "@upstash/redis";
import { Queue, Worker } from "bullmq";
import { z } from "zod";
import { startKlapSimulator } from "../app/local/klap-simulator/index.js";
import { JobQueue } from "../app/queue/index.js";
import { BENCH_SECRETS, benchEnv, benchInstance } from "./bench-app.js";
import {
  fmt,
  round,
  type Summary,
  sleep,
  startBenchRedis,
  startRestProcess,
  summarize,
  writeResult,
} from "./support.js";

const RUNS = 5;
const CONCURRENCY = [1, 4, 16] as const;
const CORE_JOBS = 2_000;
const ROUTE_JOBS = 600;
/** What a cron tick claims per call (CRON_BATCH_SIZE's default). */
const CRON_BATCH = 10;
const schema = z.object({ n: z.number() });

export async function benchThroughput() {
  const redis = await startBenchRedis();
  const rest = await startRestProcess(redis.server.url, redis.token);
  const klap = await startKlapSimulator({
    apiKey: BENCH_SECRETS.KLAP_API_KEY,
    processingMs: 0,
    exportMs: 0,
    clipCount: 1,
  });
  const client = () =>
    new Redis({ url: rest.url, token: redis.token, automaticDeserialization: false, retry: false });
  let run = 0;
  try {
    const core: Record<string, Summary> = {};
    const coreBatch: Record<string, Summary> = {};
    const bull: Record<string, Summary> = {};
    const enqueueRoute: Record<string, Summary> = {};
    const routes: Record<string, Summary> = {};
    const invocations: Record<string, Summary> = {};
    for (const c of CONCURRENCY) {
      const rates = {
        core: [] as number[],
        batch: [] as number[],
        bull: [] as number[],
        enq: [] as number[],
      };
      const route = { jobs: [] as number[], calls: [] as number[] };
      for (let r = 0; r < RUNS; r++) {
        run++;
        rates.core.push(await oursCore(client, `core-${run}`, c, 1));
        rates.batch.push(await oursCore(client, `batch-${run}`, c, CRON_BATCH));
        rates.bull.push(await bullmq(redis.server.port, `bull-${run}`, c));
        const out = await oursRoutes(rest.url, redis.token, klap.url, `routes-${run}`, c);
        rates.enq.push(out.enqueuePerSecond);
        route.jobs.push(out.jobsPerSecond);
        route.calls.push(out.invocationsPerSecond);
      }
      core[c] = summarize(rates.core);
      coreBatch[c] = summarize(rates.batch);
      bull[c] = summarize(rates.bull);
      enqueueRoute[c] = summarize(rates.enq);
      routes[c] = summarize(route.jobs);
      invocations[c] = summarize(route.calls);
      console.log(
        `  c=${c}: core ${fmt(core[c]!)}; core, claim ${CRON_BATCH} per call ${fmt(coreBatch[c]!)}; BullMQ ${fmt(bull[c]!)}; routes ${fmt(routes[c]!)}`,
      );
    }
    const ratio = (ours: Record<string, Summary>) =>
      Object.fromEntries(CONCURRENCY.map((c) => [c, round(ours[c]!.median / bull[c]!.median)]));
    const result = {
      settings: {
        runs: RUNS,
        coreJobsPerRun: CORE_JOBS,
        routeJobsPerRun: ROUTE_JOBS,
        transport:
          "ours: @upstash/redis → REST endpoint (own process) → redis-server; BullMQ: ioredis TCP → same redis-server",
        routes:
          "in-process handlers, one createApp/createContext per worker; Klap simulator answers at once; poll interval 1 s",
      },
      jobsPerSecond: { core, coreClaim10: coreBatch, bullmq: bull, routes, enqueueRoute },
      routeInvocationsPerSecond: invocations,
      ratioOursOverBullmq: {
        core: ratio(core),
        coreClaim10: ratio(coreBatch),
        routes: ratio(routes),
      },
    };
    const file = writeResult("throughput", result);
    console.log(`  ours ÷ BullMQ: ${JSON.stringify(result.ratioOursOverBullmq)}`);
    console.log(`  → ${file}`);
    return result;
  } finally {
    await klap.close();
    await rest.stop();
    await redis.stop();
  }
}

/**
 * c workers, each claiming `batch` jobs per call and completing them (concurrent completes share one
 * auto-pipelined request); jobs/s from first claim to last.
 */
async function oursCore(
  client: () => Redis,
  prefix: string,
  c: number,
  batch: number,
): Promise<number> {
  const producer = new JobQueue({ redis: client(), schema, prefix });
  for (let i = 0; i < CORE_JOBS; i += 200) {
    await Promise.all(Array.from({ length: 200 }, (_, j) => producer.enqueue({ n: i + j })));
  }
  const workers = Array.from(
    { length: c },
    () => new JobQueue({ redis: client(), schema, prefix }),
  );
  let done = 0;
  const start = performance.now();
  await Promise.all(
    workers.map(async (w) => {
      for (;;) {
        const { jobs } = await w.claim(batch, 60_000);
        if (jobs.length === 0) return;
        await Promise.all(jobs.map((job) => w.complete(job, null)));
        done += jobs.length;
      }
    }),
  );
  if (done !== CORE_JOBS) throw new Error(`core: processed ${done} of ${CORE_JOBS}`);
  return CORE_JOBS / ((performance.now() - start) / 1000);
}

/** One BullMQ Worker with `concurrency` c over the same jobs, no-op processor, default options. */
async function bullmq(port: number, name: string, c: number): Promise<number> {
  const connection = { host: "127.0.0.1", port };
  const prefix = "bull-bench";
  const queue = new Queue(name, { connection, prefix });
  for (let i = 0; i < CORE_JOBS; i += 500) {
    await queue.addBulk(
      Array.from({ length: 500 }, (_, j) => ({ name: "noop", data: { n: i + j } })),
    );
  }
  let done = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const worker = new Worker(name, async () => null, {
    connection: { ...connection, maxRetriesPerRequest: null },
    prefix,
    concurrency: c,
    autorun: false,
  });
  worker.on("completed", () => {
    if (++done === CORE_JOBS) finish();
  });
  await worker.waitUntilReady();
  const start = performance.now();
  void worker.run();
  await finished;
  const rate = CORE_JOBS / ((performance.now() - start) / 1000);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return rate;
}

/** Enqueue through POST /api/jobs with c clients, then c workers loop on POST /api/worker/klap. */
async function oursRoutes(
  restUrl: string,
  token: string,
  klapUrl: string,
  prefix: string,
  c: number,
) {
  const env = benchEnv({ restUrl, restToken: token, klapUrl, prefix });
  const instances = Array.from({ length: c }, () => benchInstance(env));
  let next = 0;
  const enqueueStart = performance.now();
  await Promise.all(
    instances.map(async (inst) => {
      while (next < ROUTE_JOBS) {
        const n = next++;
        const res = await inst.call("POST", "/api/jobs", {
          token: BENCH_SECRETS.QUEUE_API_TOKEN,
          body: { videoUrl: `https://video.example/${prefix}/${n}.mp4`, projectId: `p${n}` },
        });
        if (res.status !== 202) throw new Error(`enqueue answered ${res.status}`);
      }
    }),
  );
  const enqueuePerSecond = ROUTE_JOBS / ((performance.now() - enqueueStart) / 1000);

  let completed = 0;
  let calls = 0;
  const deadline = Date.now() + 120_000;
  const start = performance.now();
  await Promise.all(
    instances.map(async (inst) => {
      while (completed < ROUTE_JOBS) {
        if (Date.now() > deadline) throw new Error(`routes: ${completed} of ${ROUTE_JOBS} done`);
        const res = await inst.call("POST", "/api/worker/klap", {
          token: BENCH_SECRETS.WORKER_SECRET,
        });
        const body = (await res.json()) as { processed: number; runs?: { outcome: string }[] };
        if (res.status !== 200) throw new Error(`worker answered ${res.status}`);
        if (body.processed === 0) {
          await sleep(20); // nothing due: a poll interval is running
          continue;
        }
        calls++;
        const outcome = body.runs?.[0]?.outcome;
        if (outcome === "completed") completed++;
        else if (outcome !== "waiting") throw new Error(`unexpected outcome ${outcome}`);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return {
    enqueuePerSecond,
    jobsPerSecond: ROUTE_JOBS / seconds,
    invocationsPerSecond: calls / seconds,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await benchThroughput();
