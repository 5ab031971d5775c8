// GET|POST /api/cron/klap: one tick, called by Vercel Cron (Bearer CRON_SECRET) or a QStash schedule
// (signed). Reaps expired leases, claims due jobs, and runs them here (DISPATCH_MODE=inline) or hands
// each to the worker route through QStash (DISPATCH_MODE=qstash).
import type { AppContext } from "../context.js";
import { hasBearer } from "../http/auth.js";
import { readText } from "../http/body.js";
import { errorResponse } from "../http/http-error.js";
import { isSignedByQStash } from "../http/qstash-signature.js";
import { publishToWorker } from "../jobs/dispatch.js";
import { type JobRun, runJobs } from "../jobs/runner.js";

/** Extra lease for a job handed to the worker, to cover QStash delivery and its retries. */
export const HANDOVER_MS = 120_000;
/** Claim rounds per tick, so a tick with a long queue still ends. */
const MAX_ROUNDS = 10;

export async function cronTick(
  request: Request,
  _params: unknown,
  ctx: AppContext,
): Promise<Response> {
  const raw = await readText(request);
  if (!hasBearer(request, ctx.env.CRON_SECRET) && !(await isSignedByQStash(ctx, request, raw))) {
    return errorResponse(401, "Missing or invalid cron credentials", "authorization");
  }
  const started = Date.now();
  const {
    TICK_BUDGET_MS: budget,
    CRON_BATCH_SIZE: batch,
    WORKER_CONCURRENCY: concurrency,
  } = ctx.env;
  const deadline = started + budget;
  // A lease outlives the invocation: if the function is killed, the job comes back after it.
  const leaseMs = budget + 60_000;
  const summary = {
    mode: ctx.env.DISPATCH_MODE,
    claimed: 0,
    requeued: 0,
    deadLettered: 0,
    dispatched: 0,
    rounds: 0,
  };
  const runs: JobRun[] = [];

  if (ctx.env.DISPATCH_MODE === "qstash") {
    const claim = await ctx.queue.claim(batch, leaseMs + HANDOVER_MS);
    Object.assign(summary, {
      claimed: claim.jobs.length,
      requeued: claim.requeued,
      deadLettered: claim.deadLettered,
      rounds: 1,
    });
    await Promise.all(
      claim.jobs.map(async (job) => {
        try {
          await publishToWorker(
            ctx,
            ctx.baseUrl(request),
            { jobId: job.id, lease: job.lease },
            {
              dedupId: `lease-${job.id}-${job.lease}`,
            },
          );
          summary.dispatched++;
        } catch (error) {
          // Not the job's fault: hand it back at once, no attempt spent.
          ctx.log.error("cron.dispatch_failed", {
            jobId: job.id,
            error: error instanceof Error ? error.message : String(error),
          });
          await ctx.queue.reschedule(job, 0).catch(() => {});
        }
      }),
    );
  } else {
    // Keep a margin for the last round's steps: each may take a few HTTP calls.
    const lastClaimAt = deadline - Math.min(15_000, budget / 4);
    while (summary.rounds < MAX_ROUNDS && Date.now() < lastClaimAt) {
      const claim = await ctx.queue.claim(batch, leaseMs);
      summary.rounds++;
      summary.claimed += claim.jobs.length;
      summary.requeued += claim.requeued;
      summary.deadLettered += claim.deadLettered;
      if (claim.jobs.length === 0) break;
      runs.push(
        ...(await runJobs(ctx, claim.jobs, {
          deadline,
          concurrency,
          leaseMs,
          baseUrl: ctx.baseUrl(request),
        })),
      );
      if (claim.jobs.length < batch) break;
    }
  }
  const result = { ...summary, durationMs: Date.now() - started, runs };
  ctx.log.info("cron.tick", {
    ...summary,
    durationMs: result.durationMs,
    outcomes: countOutcomes(runs),
  });
  return Response.json(result);
}

function countOutcomes(runs: JobRun[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const run of runs) counts[run.outcome] = (counts[run.outcome] ?? 0) + 1;
  return counts;
}
