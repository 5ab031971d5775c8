// Chaos run: 1,000 Klap jobs through the routes while workers die, Redis crashes and Klap fails.
//
// What breaks (seeded, so a run can be replayed):
// - redis-server (AOF, fsync always) is SIGKILLed once, after 300 jobs are acknowledged, and
//   restarted a second later; every call in between fails (503 from the routes);
// - the Klap simulator answers 8% of requests with a random 5xx;
// - doomed workers (support/chaos-actors.ts) claim a job and, at a random Klap call of its step, are
//   killed (nothing after that point runs; the job comes back when the lease runs out) or stall past
//   their lease and then wake up. Kills land before a request is sent or after a GET's answer, never
//   after a POST's answer: that is the window described below, which kills are kept out of.
// What runs: 4 producers enqueue through POST /api/jobs (idempotency key per job, retried on 503),
// 4 cron loops call GET /api/cron/klap (inline dispatch), 3 worker loops call POST /api/worker/klap;
// each loop is its own createApp/createContext, as separate Vercel instances are.
//
// What is checked, from outside the app (support/chaos-log.ts records, support/chaos-checks.ts judges):
// - none lost: the 1,000 acknowledged ids all end `completed`, or `dead` with attempts = maxAttempts;
//   nothing is left pending, active or delayed, and no job was created twice;
// - no job processed by two workers at once. Observable: every claim (its lease) and every
//   lease-checked write (complete/fail/reschedule/touch) of the run, with times from this process. Rule:
//   once a claim of job j under lease L' has returned, any write on j under an older lease that starts
//   later must be refused (LeaseLostError), and no Klap POST may be sent under the older lease. A
//   stalled worker that wakes up after its job was re-claimed is exactly that case;
// - no Klap task submitted twice: every submit (and export) Klap accepted had its id saved on the job,
//   or the save right after it failed because Redis was down. That is the one honest window: an
//   invocation that has Klap's answer but cannot save it leaves the job to re-run from its last saved
//   step, which submits again. Such repeats are counted and printed, not hidden; any other cause fails.
// The counts are printed at the end. The run takes about 70 s: jobs whose invocation lost Redis
// mid-step keep their lease (budget + 60 s) before they come back.
import { afterAll, beforeAll, expect, test } from "vitest";
import { type AppEnv, parseEnv } from "../../app/config/env.js";
import type { KlapJobPayload, KlapJobResult } from "../../app/jobs/klap-job.js";
import { klapJobSchema } from "../../app/jobs/klap-job.js";
import { type KlapSimulator, startKlapSimulator } from "../../app/local/klap-simulator/index.js";
import { type Job, JobQueue } from "../../app/queue/index.js";
import { BASE_URL, TEST_SECRETS } from "../support/app.js";
import { type RedisStack, startRedisStack } from "../support/redis.js";
import { type DoomedOutcome, doomedWorker, routeInstance } from "./support/chaos-actors.js";
import { checkFencing, checkKlapCalls } from "./support/chaos-checks.js";
import { ChaosLog } from "./support/chaos-log.js";
import { seededRandom } from "../../bench/seeded-random.js";

const JOBS = 1_000;
const SEED = 20_261_125;
const KLAP_FAILURE_RATE = 0.08;
const MAX_ATTEMPTS = 4;
const KILL_REDIS_AFTER = 300;
const DOOMED = 100;
const DOOMED_EVERY_MS = 80;
const DOOMED_LEASE_MS = 5_000;
const STALL_MS = 8_000;
const DEADLINE_MS = 150_000;

let stack: RedisStack;
let klap: KlapSimulator;
let env: AppEnv;

beforeAll(async () => {
  stack = await startRedisStack({ appendOnly: true });
  klap = await startKlapSimulator({
    apiKey: TEST_SECRETS.KLAP_API_KEY,
    processingMs: 500,
    exportMs: 200,
    clipCount: 2,
    failureRate: KLAP_FAILURE_RATE,
    random: seededRandom(SEED),
  });
  env = parseEnv({
    ...TEST_SECRETS,
    UPSTASH_REDIS_REST_URL: stack.rest.url,
    UPSTASH_REDIS_REST_TOKEN: stack.token,
    KLAP_API_URL: klap.url,
    QUEUE_PREFIX: "chaos",
    APP_BASE_URL: BASE_URL,
    KLAP_POLL_INTERVAL_SECONDS: "1",
    RETRY_BACKOFF_BASE_MS: "100",
    RETRY_BACKOFF_MAX_MS: "400",
    TICK_BUDGET_MS: "1000",
    MAX_ATTEMPTS: String(MAX_ATTEMPTS),
  });
});

afterAll(async () => {
  await klap?.close();
  await stack?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const videoUrl = (i: number) => `https://video.example/chaos/${i}.mp4`;

test("1,000 jobs survive killed workers, a Redis crash and Klap 5xx: none lost, none run twice at once", {
  timeout: 240_000,
}, async () => {
  const started = performance.now();
  const log = new ChaosLog();
  const random = seededRandom(SEED + 1);
  const acknowledged = new Map<number, string>();
  const unexpected: string[] = [];
  const status = {
    enqueue503: 0,
    cron: new Map<number, number>(),
    worker: new Map<number, number>(),
  };
  const bump = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);
  let stop = false;
  let next = 0;

  const producer = async (p: number) => {
    const inst = routeInstance(env, log, `producer-${p}`);
    for (let i = next++; i < JOBS && !stop; i = next++) {
      for (let tries = 0; ; tries++) {
        const res = await inst.call("POST", "/api/jobs", {
          token: TEST_SECRETS.QUEUE_API_TOKEN,
          body: { videoUrl: videoUrl(i), projectId: `p${i % 50}`, idempotencyKey: `chaos-${i}` },
        });
        if (res.status === 202 || res.status === 200) {
          acknowledged.set(i, ((await res.json()) as { id: string }).id);
          break;
        }
        if (res.status !== 503 || tries > 200) {
          unexpected.push(`enqueue ${i}: ${res.status} ${await res.text()}`);
          return;
        }
        status.enqueue503++;
        await sleep(50);
      }
      await sleep(4);
    }
  };
  const loop = async (
    by: string,
    method: string,
    path: string,
    token: string,
    tally: Map<number, number>,
  ) => {
    const inst = routeInstance(env, log, by);
    while (!stop) {
      const res = await inst.call(method, path, { token });
      bump(tally, res.status);
      const body = (await res.json()) as { processed?: number; claimed?: number };
      if (res.status !== 200 && res.status !== 503)
        unexpected.push(`${by}: ${res.status} ${JSON.stringify(body)}`);
      const idle = res.status !== 200 || body.processed === 0 || body.claimed === 0;
      await sleep(idle ? 40 : 2);
    }
  };
  const doomed: Promise<DoomedOutcome>[] = [];
  const spawnDoomed = async () => {
    for (let d = 0; d < DOOMED && !stop; d++) {
      const fault = {
        mode: d % 2 === 0 ? ("kill" as const) : ("stall" as const),
        atCall: 1 + Math.floor(random() * 3),
        afterAnswer: random() < 0.5,
        stallMs: STALL_MS,
      };
      doomed.push(doomedWorker(env, log, `doomed-${d}`, fault, DOOMED_LEASE_MS));
      await sleep(DOOMED_EVERY_MS);
    }
  };
  const outage = { atMs: 0, downMs: 0 };
  const crashRedis = async () => {
    while (acknowledged.size < KILL_REDIS_AFTER && !stop) await sleep(5);
    const t0 = performance.now();
    outage.atMs = Math.round(t0 - started);
    await stack.redis.kill(); // SIGKILL: only the AOF survives
    await sleep(1_000);
    await stack.redis.start();
    outage.downMs = Math.round(performance.now() - t0);
  };

  const actors = [
    ...[0, 1, 2, 3].map(producer),
    ...[0, 1, 2, 3].map((k) =>
      loop(`cron-${k}`, "GET", "/api/cron/klap", TEST_SECRETS.CRON_SECRET, status.cron),
    ),
    ...[0, 1, 2].map((k) =>
      loop(`worker-${k}`, "POST", "/api/worker/klap", TEST_SECRETS.WORKER_SECRET, status.worker),
    ),
    spawnDoomed(),
    crashRedis(),
  ];
  const observer = new JobQueue<KlapJobPayload>({
    redis: stack.client(),
    schema: klapJobSchema,
    prefix: env.QUEUE_PREFIX,
  });
  const deadline = Date.now() + DEADLINE_MS;
  while (Date.now() < deadline && unexpected.length === 0) {
    await sleep(500);
    if (acknowledged.size < JOBS) continue;
    const s = await observer.stats().catch(() => undefined);
    if (s && s.pending.total + s.active + s.delayed === 0) break;
  }
  stop = true;
  await Promise.all(actors);
  const doomedOutcomes = await Promise.all(doomed);

  // --- verdicts ---------------------------------------------------------------------------------
  expect(unexpected).toEqual([]);
  const ids = [...acknowledged.values()];
  expect(new Set(ids).size).toBe(JOBS);
  const jobs: (Job<KlapJobPayload> | null)[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    jobs.push(...(await Promise.all(ids.slice(i, i + 100).map((id) => observer.get(id)))));
  }
  const lost = ids.filter((_, k) => jobs[k] === null);
  const completed = jobs.filter((j) => j?.status === "completed") as Job<KlapJobPayload>[];
  const dead = jobs.filter((j) => j?.status === "dead") as Job<KlapJobPayload>[];
  const unfinished = jobs.filter((j) => j && j.status !== "completed" && j.status !== "dead");
  expect(lost).toEqual([]);
  expect(unfinished.map((j) => `${j!.id} ${j!.status} ${j!.step}`)).toEqual([]);
  expect(
    dead.filter((j) => j.attempts !== j.maxAttempts).map((j) => `${j.id}: ${j.error}`),
  ).toEqual([]);
  const stats = await observer.stats();
  expect(stats.completed + stats.dead).toBe(JOBS); // no job was created twice

  const fencing = checkFencing(log);
  expect(fencing.violations).toEqual([]);
  const jobIdByUrl = new Map([...acknowledged].map(([i, id]) => [videoUrl(i), id]));
  const external = checkKlapCalls(log, jobIdByUrl);
  expect(external.violations).toEqual([]);
  expect(external.submits.violations).toEqual([]);
  expect(external.exports.violations).toEqual([]);
  // The simulator's own count agrees with what the instances recorded, and each completed job's
  // task is one Klap accepted for its video.
  const sim = klap.stats();
  expect(sim.submits.total).toBe(external.submits.accepted);
  const accepted = new Set(log.klap.filter((c) => c.kind === "submit" && c.id).map((c) => c.id));
  expect(completed.filter((j) => !accepted.has((j.result as KlapJobResult).taskId))).toEqual([]);

  // Every fault happened.
  const kinds = count(doomedOutcomes.map((o) => o.kind));
  expect(kinds["kill-before-send"] ?? 0).toBeGreaterThan(0);
  expect(kinds["kill-after-get"] ?? 0).toBeGreaterThan(0);
  expect(kinds.stall ?? 0).toBeGreaterThan(0);
  expect(sim.injectedFailures).toBeGreaterThan(0);
  expect(outage.downMs).toBeGreaterThan(0);
  expect(
    (status.cron.get(503) ?? 0) + (status.worker.get(503) ?? 0) + status.enqueue503,
  ).toBeGreaterThan(0);

  const zombies = doomedOutcomes.filter((o) => o.kind === "stall");
  const resubmits = sim.submits.total - Object.keys(sim.submits.bySourceUrl).length;
  process.stdout.write(
    [
      "",
      `chaos run (seed ${SEED}), ${((performance.now() - started) / 1000).toFixed(1)} s`,
      `  jobs: ${JOBS} acknowledged, ${completed.length} completed, ${dead.length} dead-lettered after ${MAX_ATTEMPTS} attempts, ${lost.length} lost`,
      `  invocations: cron ${fmt(status.cron)}, worker ${fmt(status.worker)}, enqueue retries after 503: ${status.enqueue503}`,
      `  doomed workers: ${doomedOutcomes.length} (${JSON.stringify(kinds)}); woken stalls ended ${JSON.stringify(count(zombies.map((z) => (z.kind === "stall" ? z.outcome : ""))))}`,
      `  redis-server: SIGKILL at ${outage.atMs} ms, back after ${outage.downMs} ms`,
      `  klap: ${sim.totalRequests} requests, ${sim.injectedFailures} injected 5xx; ${sim.submits.total} submits for ${Object.keys(sim.submits.bySourceUrl).length} videos (${resubmits} repeated: unsaved ${JSON.stringify(external.submits.unsaved)}); ${external.exports.accepted} exports (unsaved ${JSON.stringify(external.exports.unsaved)})`,
      `  fencing: ${log.claims.length} claims, ${fencing.writes} writes; ${fencing.stale} under a superseded lease, ${fencing.staleRefused} refused with LeaseLostError, ${fencing.violations.length} accepted; ${external.staleReads} Klap reads by woken stalls, 0 Klap POSTs`,
      "",
    ].join("\n"),
  );
});

function count(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function fmt(tally: Map<number, number>): string {
  return [...tally].map(([s, n]) => `${n}×${s}`).join(" ");
}
