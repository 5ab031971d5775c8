// Our design's Redis bill per job, phase by phase, through the routes of the in-process app: cron-only
// (each tick is GET /api/cron/klap) and QStash push (the simulator delivers to the worker route over
// loopback HTTP). Every Redis call goes through the REST meter; the bench's own reads do not.
import type { Redis } from "@upstash/redis";
import type { KlapJobPayload } from "../app/jobs/klap-job.js";
import { klapJobSchema } from "../app/jobs/klap-job.js";
import { startQStashSimulator } from "../app/local/qstash-simulator/index.js";
import { JobQueue } from "../app/queue/index.js";
import { BENCH_SECRETS, benchEnv, benchInstance, serveApp } from "./bench-app.js";
import { countsSince, type RestMeter, startRestMeter } from "./rest-meter.js";

export interface CostRig {
  meter: RestMeter;
  /** The endpoint itself, unmetered: a second meter can be put in front of it. */
  restUrl: string;
  restToken: string;
  /** An unmetered client, for the bench's own reads. */
  observer: () => Redis;
}

export interface PhaseCost {
  phase: string;
  requests: number;
  commands: number;
  ms: number;
}

export interface JobCost {
  jobs: number;
  phases: PhaseCost[];
  /** All phases, status polls excluded. */
  total: { requests: number; commands: number };
  /** Klap polls that found the task still processing. */
  polls: number;
  /** Time spent inside function invocations (in-process). */
  functionMs: number;
  /** QStash messages published (push mode). */
  qstashMessages?: number;
}

/** Runs `fn` and records the Redis traffic it caused as one phase. */
export async function metered<T>(
  meter: RestMeter,
  phases: PhaseCost[],
  phase: string,
  fn: () => Promise<T>,
): Promise<T> {
  const before = meter.counts();
  const started = performance.now();
  const out = await fn();
  const d = countsSince(before, meter.counts());
  phases.push({
    phase,
    requests: d.requests,
    commands: d.commands,
    ms: performance.now() - started,
  });
  return out;
}

export function totalOf(phases: PhaseCost[]) {
  return {
    requests: phases.reduce((s, p) => s + p.requests, 0),
    commands: phases.reduce((s, p) => s + p.commands, 0),
  };
}

/** `jobs` Klap jobs enqueued together, then cron ticks (each as soon as the jobs are due) until done. */
export async function oursCronOnly(
  rig: CostRig,
  klapUrl: string,
  prefix: string,
  jobs = 1,
): Promise<JobCost> {
  const inst = benchInstance(
    benchEnv({ restUrl: rig.meter.url, restToken: rig.restToken, klapUrl, prefix }),
  );
  const observer = new JobQueue<KlapJobPayload>({
    redis: rig.observer(),
    schema: klapJobSchema,
    prefix,
  });
  const phases: PhaseCost[] = [];
  const ids: string[] = [];
  for (let i = 0; i < jobs; i++) {
    const res = await metered(rig.meter, phases, "enqueue", () =>
      inst.call("POST", "/api/jobs", {
        token: BENCH_SECRETS.QUEUE_API_TOKEN,
        body: { videoUrl: `https://video.example/${prefix}/${i}.mp4`, projectId: `p${i}` },
      }),
    );
    ids.push(((await res.json()) as { id: string }).id);
  }
  let polls = 0;
  let functionMs = 0;
  for (let tick = 0; tick < 200; tick++) {
    const before = await Promise.all(ids.map((id) => observer.get(id)));
    if (before.every((j) => j?.status === "completed")) break;
    const due = Math.max(...before.map((j) => j?.runAt ?? 0));
    if (due > Date.now()) await sleep(due - Date.now() + 5);
    const body = await metered(rig.meter, phases, "tick", async () =>
      (await inst.call("GET", "/api/cron/klap", { token: BENCH_SECRETS.CRON_SECRET })).json(),
    );
    functionMs += phases.at(-1)!.ms;
    const after = await Promise.all(ids.map((id) => observer.get(id)));
    polls += after.filter((j, i) => j?.step === "poll" && before[i]?.step === "poll").length;
    if (jobs === 1) phases.at(-1)!.phase = tickLabel(before[0]?.step, after[0] ?? null);
    if ((body as { claimed?: number }).claimed === undefined) throw new Error("tick failed");
  }
  const final = await Promise.all(ids.map((id) => observer.get(id)));
  if (!final.every((j) => j?.status === "completed")) throw new Error(`${prefix}: jobs unfinished`);
  const statusPoll: PhaseCost[] = [];
  await metered(rig.meter, statusPoll, "status poll", () =>
    inst.call("GET", `/api/jobs/${ids[0]}`),
  );
  return {
    jobs,
    phases: [...phases, ...statusPoll],
    total: totalOf(phases),
    polls,
    functionMs,
  };
}

/** One tick with nothing to do: the whole cost of an idle deployment. */
export async function oursIdleTick(rig: CostRig, klapUrl: string, prefix: string) {
  const inst = benchInstance(
    benchEnv({ restUrl: rig.meter.url, restToken: rig.restToken, klapUrl, prefix }),
  );
  const phases: PhaseCost[] = [];
  await metered(rig.meter, phases, "idle tick", () =>
    inst.call("GET", "/api/cron/klap", { token: BENCH_SECRETS.CRON_SECRET }),
  );
  return phases[0]!;
}

/** One job with push dispatch: QStash delivers the worker call on enqueue and whenever a step falls due. */
export async function oursPush(rig: CostRig, klapUrl: string, prefix: string): Promise<JobCost> {
  const qstash = await startQStashSimulator({
    token: BENCH_SECRETS.QSTASH_TOKEN,
    currentSigningKey: BENCH_SECRETS.QSTASH_CURRENT_SIGNING_KEY,
    nextSigningKey: BENCH_SECRETS.QSTASH_NEXT_SIGNING_KEY,
  });
  // The worker function gets its own meter: QStash may deliver before the enqueue call has returned.
  const workerMeter = await startRestMeter(rig.restUrl);
  const phases: PhaseCost[] = [];
  let handler: ((r: Request) => Promise<Response>) | undefined;
  const server = await serveApp(() => handler);
  try {
    const env = {
      restToken: rig.restToken,
      klapUrl,
      prefix,
      baseUrl: server.url,
      qstashUrl: qstash.url,
    };
    const api = benchInstance(benchEnv({ ...env, restUrl: rig.meter.url }));
    const worker = benchInstance(benchEnv({ ...env, restUrl: workerMeter.url }));
    // Deliveries for one job arrive one after another: each is one phase.
    handler = async (request) => {
      let label = "worker: skipped";
      const res = await metered(workerMeter, phases, "worker", async () => {
        const res = await worker.app(request);
        const body = (await res.clone().json()) as { runs?: { step: string; outcome: string }[] };
        const run = body.runs?.[0];
        if (run) label = `worker: ${run.step}→${run.outcome}`;
        return res;
      });
      phases.at(-1)!.phase = label;
      return res;
    };
    const observer = new JobQueue<KlapJobPayload>({
      redis: rig.observer(),
      schema: klapJobSchema,
      prefix,
    });
    const res = await metered(rig.meter, phases, "enqueue", () =>
      api.call("POST", "/api/jobs", {
        token: BENCH_SECRETS.QUEUE_API_TOKEN,
        body: { videoUrl: `https://video.example/${prefix}.mp4`, projectId: "push" },
      }),
    );
    const { id } = (await res.json()) as { id: string };
    const until = Date.now() + 60_000;
    while ((await observer.get(id))?.status !== "completed") {
      if (Date.now() > until) throw new Error(`push job ${id} did not complete`);
      await sleep(20);
    }
    await qstash.waitForIdle(10_000);
    const workers = phases.filter((p) => p.phase.startsWith("worker"));
    phases.sort((a, b) => (a.phase === "enqueue" ? -1 : b.phase === "enqueue" ? 1 : 0));
    return {
      jobs: 1,
      phases,
      total: totalOf(phases),
      polls: workers.filter((p) => p.phase === "worker: poll→waiting").length,
      functionMs: workers.reduce((s, p) => s + p.ms, 0),
      qstashMessages: qstash.messages().filter((m) => m.state !== "deduplicated").length,
    };
  } finally {
    await server.close();
    await qstash.close();
    await workerMeter.close();
  }
}

function tickLabel(fromStep: string | undefined, after: { status: string; step?: string } | null) {
  const to = after?.status === "completed" ? "completed" : (after?.step ?? "?");
  return `tick: ${fromStep ?? "submit"}→${to}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
