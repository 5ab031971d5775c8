// Upstash bill per job, ours vs the guide's naive list queue, end to end through the routes, counted
// by a meter in front of the REST endpoint: requests and commands (the billing unit) per phase.
// Run alone: `npx tsx bench/cost.ts`.
import { pathToFileURL } from "node:url";
import { startKlapSimulator } from "../app/local/klap-simulator/index.js";
import { BENCH_SECRETS } from "./bench-app.js";
import { type CostRig, type JobCost, oursCronOnly, oursIdleTick, oursPush } from "./cost-ours.js";
import { naiveIdleTicks, naiveJobs } from "./cost-naive.js";
import { startRestMeter } from "./rest-meter.js";
import { round, type Summary, startBenchRedis, summarize, writeResult } from "./support.js";

const RUNS = 3;
/** Klap polls that find the task still processing, for the "N polls" job. */
const POLLS = 3;
/** Both designs poll every second here; the command count per poll does not depend on it. */
const POLL_INTERVAL_MS = 1000;
const TICKS_PER_MONTH = 60 * 24 * 30;
const BATCH = 10;

export async function benchCost() {
  const redis = await startBenchRedis();
  const meter = await startRestMeter(redis.rest.url);
  const klap = (processingMs: number) =>
    startKlapSimulator({
      apiKey: BENCH_SECRETS.KLAP_API_KEY,
      processingMs,
      exportMs: 0,
      clipCount: 1,
    });
  const fast = await klap(0);
  const slow = await klap(POLLS * POLL_INTERVAL_MS + POLL_INTERVAL_MS / 2);
  const rig: CostRig = {
    meter,
    restUrl: redis.rest.url,
    restToken: redis.token,
    observer: () => redis.client(),
  };
  try {
    await oursCronOnly(rig, fast.url, "warm-up"); // loads the scripts (EVALSHA → NOSCRIPT → EVAL once)
    const scenarios = {
      oneStep: { ours: [] as JobCost[], push: [] as JobCost[], naive: [] as JobCost[] },
      polls: { ours: [] as JobCost[], push: [] as JobCost[], naive: [] as JobCost[] },
      batch: { ours: [] as JobCost[], naive: [] as JobCost[] },
    };
    const idle = {
      ours: [] as number[],
      oursRequests: [] as number[],
      naive: [] as number[],
      naiveRequests: [] as number[],
      naiveBusy: [] as number[],
    };
    for (let r = 0; r < RUNS; r++) {
      scenarios.oneStep.ours.push(await oursCronOnly(rig, fast.url, `ours-one-${r}`));
      scenarios.oneStep.push.push(await oursPush(rig, fast.url, `push-one-${r}`));
      scenarios.oneStep.naive.push(
        await naiveJobs(rig, fast.url, `naive-one-${r}`, POLL_INTERVAL_MS),
      );
      scenarios.polls.ours.push(await oursCronOnly(rig, slow.url, `ours-polls-${r}`));
      scenarios.polls.push.push(await oursPush(rig, slow.url, `push-polls-${r}`));
      scenarios.polls.naive.push(
        await naiveJobs(rig, slow.url, `naive-polls-${r}`, POLL_INTERVAL_MS),
      );
      scenarios.batch.ours.push(await oursCronOnly(rig, fast.url, `ours-batch-${r}`, BATCH));
      scenarios.batch.naive.push(
        await naiveJobs(rig, fast.url, `naive-batch-${r}`, POLL_INTERVAL_MS, BATCH),
      );
      const ours = await oursIdleTick(rig, fast.url, `ours-idle-${r}`);
      idle.ours.push(ours.commands);
      idle.oursRequests.push(ours.requests);
      const naive = await naiveIdleTicks(rig, fast.url, `naive-idle-${r}`);
      idle.naive.push(naive.idle.commands);
      idle.naiveRequests.push(naive.idle.requests);
      idle.naiveBusy.push(naive.busy.commands);
    }
    const result = report(scenarios, idle);
    const file = writeResult("cost", result);
    print(result);
    console.log(`  → ${file}`);
    return result;
  } finally {
    await Promise.all([fast.close(), slow.close(), meter.close()]);
    await redis.stop();
  }
}

type Scenario = Record<string, JobCost[]>;

function perJob(runs: JobCost[]) {
  const jobs = runs[0]!.jobs;
  return {
    commands: summarize(runs.map((r) => r.total.commands / jobs)),
    requests: summarize(runs.map((r) => r.total.requests / jobs)),
    polls: summarize(runs.map((r) => r.polls / jobs)),
    functionMsPerJob: summarize(runs.map((r) => r.functionMs / jobs)),
    ...(runs[0]!.qstashMessages !== undefined
      ? { qstashMessages: summarize(runs.map((r) => r.qstashMessages!)) }
      : {}),
    /** Phase by phase, from the first run (counts repeat exactly from run to run). */
    phases: runs[0]!.phases.map(({ phase, requests, commands }) => ({ phase, requests, commands })),
  };
}

function report(
  s: Record<"oneStep" | "polls" | "batch", Scenario>,
  idle: Record<string, number[]>,
) {
  const table = Object.fromEntries(
    Object.entries(s).map(([name, scenario]) => [
      name,
      Object.fromEntries(Object.entries(scenario).map(([design, runs]) => [design, perJob(runs)])),
    ]),
  ) as Record<string, Record<string, ReturnType<typeof perJob>>>;
  const median = (x: Summary) => x.median;
  const perPoll = (design: string) => {
    const one = table.oneStep![design]!;
    const polled = table.polls![design]!;
    return round(
      (median(polled.commands) - median(one.commands)) /
        Math.max(1, median(polled.polls) - median(one.polls)),
    );
  };
  const idleTick = { ours: summarize(idle.ours!), naive: summarize(idle.naive!) };
  const idleRequests = {
    ours: summarize(idle.oursRequests!),
    naive: summarize(idle.naiveRequests!),
  };
  const monthly = {
    ours: median(idleTick.ours) * TICKS_PER_MONTH,
    naive: median(idleTick.naive) * TICKS_PER_MONTH,
  };
  const ratio = (naive: number, ours: number) => round(naive / ours);
  const cmd = (scenario: string, design: string) => median(table[scenario]![design]!.commands);
  return {
    settings: {
      runs: RUNS,
      pollsInPolledJob: POLLS,
      pollIntervalMs: POLL_INTERVAL_MS,
      clipsPerJob: 1,
      batch: BATCH,
      cronTicksPerMonth: TICKS_PER_MONTH,
      ourRoutes:
        "in-process handlers (createApp); push mode served on loopback HTTP for the QStash simulator",
    },
    perJob: table,
    commandsPerPoll: { ours: perPoll("ours"), push: perPoll("push"), naive: perPoll("naive") },
    statusPoll: {
      ours: table.oneStep!.ours!.phases.find((p) => p.phase === "status poll")!.commands,
      naive: table.oneStep!.naive!.phases.find((p) => p.phase === "status poll")!.commands,
    },
    idleTick: {
      ...idleTick,
      requests: idleRequests,
      naiveWithOneJobProcessing: summarize(idle.naiveBusy!),
    },
    monthlyIdleCommands: {
      ...monthly,
      requests: {
        ours: median(idleRequests.ours) * TICKS_PER_MONTH,
        naive: median(idleRequests.naive) * TICKS_PER_MONTH,
      },
      freeTierShare: { ours: round(monthly.ours / 500_000), naive: round(monthly.naive / 500_000) },
    },
    ratiosNaiveOverOurs: {
      oneStepJob: ratio(cmd("oneStep", "naive"), cmd("oneStep", "ours")),
      polledJob: ratio(cmd("polls", "naive"), cmd("polls", "ours")),
      batchJob: ratio(cmd("batch", "naive"), cmd("batch", "ours")),
      idleTick: ratio(median(idleTick.naive), median(idleTick.ours)),
    },
  };
}

function print(r: ReturnType<typeof report>) {
  console.log("\nCost: Upstash commands (requests) per job, medians of", RUNS, "runs");
  for (const [scenario, designs] of Object.entries(r.perJob)) {
    const cells = Object.entries(designs).map(
      ([d, v]) => `${d} ${v.commands.median} (${v.requests.median} req)`,
    );
    console.log(`  ${scenario.padEnd(8)} ${cells.join(" · ")}`);
  }
  console.log(`  per extra poll: ${JSON.stringify(r.commandsPerPoll)}`);
  console.log(`  status poll: ${JSON.stringify(r.statusPoll)}`);
  console.log(
    `  idle tick: ours ${r.idleTick.ours.median}, naive ${r.idleTick.naive.median}; per month at every-minute cron: ours ${r.monthlyIdleCommands.ours}, naive ${r.monthlyIdleCommands.naive}`,
  );
  console.log(`  naive ÷ ours: ${JSON.stringify(r.ratiosNaiveOverOurs)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await benchCost();
