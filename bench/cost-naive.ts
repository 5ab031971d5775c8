// The baseline's Redis bill per job, phase by phase: the guide's list queue (naive-queue.ts) driven
// like the original routes (naive-worker.ts), through the same @upstash/redis client and REST meter.
import { Redis } from "@upstash/redis";
import { KlapClient } from "../app/klap/index.js";
import { BENCH_SECRETS } from "./bench-app.js";
import { type CostRig, type JobCost, metered, type PhaseCost, totalOf } from "./cost-ours.js";
import { NaiveKlapQueue } from "./naive-queue.js";
import { naiveEnqueue, naiveTick } from "./naive-worker.js";

/** The original client: default options (auto-pipelining on), on the metered URL. */
function naiveQueue(rig: CostRig, prefix: string) {
  const redis = new Redis({
    url: rig.meter.url,
    token: rig.restToken,
    automaticDeserialization: false,
  });
  return new NaiveKlapQueue(redis, prefix);
}

function klapClient(klapUrl: string) {
  return new KlapClient({ apiKey: BENCH_SECRETS.KLAP_API_KEY, baseUrl: klapUrl });
}

/** `jobs` jobs enqueued together, then ticks (three getNextJob each) until the queue is empty. */
export async function naiveJobs(
  rig: CostRig,
  klapUrl: string,
  prefix: string,
  pollIntervalMs: number,
  jobs = 1,
): Promise<JobCost> {
  const queue = naiveQueue(rig, prefix);
  const phases: PhaseCost[] = [];
  for (let i = 0; i < jobs; i++) {
    await metered(rig.meter, phases, "enqueue", () =>
      naiveEnqueue(queue, `p${i}`, `https://video.example/${prefix}/${i}.mp4`),
    );
  }
  let polls = 0;
  let functionMs = 0;
  for (let tick = 0; tick < 100; tick++) {
    // A single job's tick is split at the worker's phase boundaries; a batch's ticks are kept whole.
    const tickPhases: PhaseCost[] = [];
    let mark = rig.meter.counts();
    let markAt = performance.now();
    const cut = (phase: string) => {
      const now = rig.meter.counts();
      tickPhases.push({
        phase,
        requests: now.requests - mark.requests,
        commands: now.commands - mark.commands,
        ms: performance.now() - markAt,
      });
      mark = now;
      markAt = performance.now();
    };
    const started = performance.now();
    const ran = await naiveTick(queue, {
      klap: klapClient(klapUrl),
      pollIntervalMs,
      onPhase: (phase) => {
        if (phase === "poll") polls++;
        if (jobs === 1) cut(`tick: ${phase}`);
      },
    });
    cut(jobs === 1 ? "tick: (rest)" : "tick");
    if (ran === 0) break; // a tick that found nothing is idle overhead, not the jobs' cost
    functionMs += performance.now() - started;
    phases.push(...tickPhases.filter((p) => p.commands > 0 || p.phase === "tick"));
  }
  const statusPoll: PhaseCost[] = [];
  await metered(rig.meter, statusPoll, "status poll", () => queue.getJobByProjectId("p0"));
  return { jobs, phases: [...phases, ...statusPoll], total: totalOf(phases), polls, functionMs };
}

/** A tick with an empty queue, and one while another job sits in the processing list. */
export async function naiveIdleTicks(rig: CostRig, klapUrl: string, prefix: string) {
  const queue = naiveQueue(rig, prefix);
  const phases: PhaseCost[] = [];
  const o = { klap: klapClient(klapUrl), pollIntervalMs: 0 };
  await metered(rig.meter, phases, "idle tick", () => naiveTick(queue, o));
  await naiveEnqueue(queue, "busy", "https://video.example/busy.mp4");
  await queue.getNextJob(); // another invocation is running it
  await metered(rig.meter, phases, "tick while 1 job is processing", () => naiveTick(queue, o));
  return { idle: phases[0]!, busy: phases[1]! };
}
