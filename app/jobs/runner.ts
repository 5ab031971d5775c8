// Runs claimed jobs with bounded concurrency inside one invocation's time budget, logs one line per
// job run, and sends callbacks for jobs that reached a final state.
import type { AppContext } from "../context.js";
import { type ClaimedJob, QueueUnavailableError } from "../queue/index.js";
import { deliverCallback } from "./callback.js";
import { publishToWorker } from "./dispatch.js";
import type { KlapJobPayload } from "./klap-job.js";
import { runKlapSteps, type StepOutcome } from "./klap-steps.js";

export interface RunOptions {
  /** Epoch ms after which no new step starts. */
  deadline: number;
  /** Jobs run at once. */
  concurrency: number;
  /** Lease granted when a job saves progress. */
  leaseMs: number;
  /** Public base URL, for QStash pushes when a waiting job falls due. */
  baseUrl: string;
}

export interface JobRun {
  jobId: string;
  step: string;
  outcome: StepOutcome["outcome"] | "error";
  durationMs: number;
  error?: string;
  callback?: { delivered: boolean; attempts: number; status?: number };
}

export async function runJobs(
  ctx: AppContext,
  jobs: ClaimedJob<KlapJobPayload>[],
  options: RunOptions,
): Promise<JobRun[]> {
  const runs: JobRun[] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      runs.push(await runOne(ctx, job, options));
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, jobs.length) }, worker));
  return runs;
}

async function runOne(
  ctx: AppContext,
  job: ClaimedJob<KlapJobPayload>,
  options: RunOptions,
): Promise<JobRun> {
  const started = Date.now();
  const fromStep = job.step ?? "submit";
  let run: JobRun;
  try {
    const out = await runKlapSteps(job, {
      queue: ctx.queue,
      klap: ctx.klap,
      pollIntervalMs: ctx.env.KLAP_POLL_INTERVAL_SECONDS * 1000,
      leaseMs: options.leaseMs,
      deadline: options.deadline,
    });
    run = { jobId: job.id, step: fromStep, outcome: out.outcome, durationMs: Date.now() - started };
    if ("error" in out) run.error = out.error;
    if ((out.outcome === "completed" || out.outcome === "dead") && job.payload.callbackUrl) {
      run.callback = await sendCallback(ctx, job);
    }
    if (ctx.qstash && (out.outcome === "waiting" || out.outcome === "retrying")) {
      await pushWhenDue(
        ctx,
        options.baseUrl,
        job,
        out.outcome === "waiting" ? out.delayMs : out.retryInMs,
      );
    }
  } catch (error) {
    // Redis is unreachable (or a bug): the lease runs out and the reaper hands the job back.
    const message = error instanceof Error ? error.message : String(error);
    run = {
      jobId: job.id,
      step: fromStep,
      outcome: "error",
      durationMs: Date.now() - started,
      error: message,
    };
    if (!(error instanceof QueueUnavailableError)) {
      await ctx.queue.fail(job, { message: `internal error: ${message}` }).catch(() => {});
    }
  }
  (run.outcome === "error" ? ctx.log.error : ctx.log.info)("job.step", { ...run });
  return run;
}

/**
 * With QStash, a waiting job need not wait for the next cron tick: a delayed message wakes the worker
 * when it falls due (the cron stays the safety net if the message is lost).
 */
async function pushWhenDue(
  ctx: AppContext,
  baseUrl: string,
  job: ClaimedJob<KlapJobPayload>,
  delayMs: number,
) {
  try {
    await publishToWorker(
      ctx,
      baseUrl,
      { jobId: job.id },
      { dedupId: `due-${job.id}-${job.lease}`, delayMs },
    );
  } catch (error) {
    ctx.log.error("job.push_failed", {
      jobId: job.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

async function sendCallback(ctx: AppContext, job: ClaimedJob<KlapJobPayload>) {
  const final = await ctx.queue.get(job.id);
  if (!final) return { delivered: false, attempts: 0 };
  return deliverCallback(job.payload.callbackUrl!, final, { secret: ctx.callbackSecret });
}
