// POST /api/worker/klap: runs one job. Accepts a QStash-signed request or Bearer WORKER_SECRET.
// Body `{ jobId, lease }`: a job the cron claimed and handed over; `{ jobId }`: claim that job if it
// is still pending (push on enqueue); empty: claim the next job.
import * as z from "zod/mini";
import "../zod-locale.js";
import type { AppContext } from "../context.js";
import { hasBearer } from "../http/auth.js";
import { parseJsonBody, readText } from "../http/body.js";
import { errorResponse } from "../http/http-error.js";
import { isSignedByQStash } from "../http/qstash-signature.js";
import { runJobs } from "../jobs/runner.js";

const workerMessageSchema = z.strictObject({
  jobId: z.optional(
    z.string({ error: "jobId must be a string" }).check(z.minLength(1), z.maxLength(64)),
  ),
  lease: z.optional(z.int({ error: "lease must be a whole number" }).check(z.gte(1))),
});

export async function workerRun(
  request: Request,
  _params: unknown,
  ctx: AppContext,
): Promise<Response> {
  const raw = await readText(request);
  if (!(await isSignedByQStash(ctx, request, raw)) && !hasBearer(request, ctx.env.WORKER_SECRET)) {
    return errorResponse(
      401,
      "Missing or invalid QStash signature or worker token",
      "authorization",
    );
  }
  const message = raw.trim() === "" ? {} : parseJsonBody(raw, workerMessageSchema);
  if (message.lease !== undefined && message.jobId === undefined) {
    return errorResponse(400, "lease: a lease needs the jobId it belongs to", "jobId");
  }
  const started = Date.now();
  const budget = ctx.env.TICK_BUDGET_MS;
  const leaseMs = budget + 60_000;
  const job = message.jobId
    ? message.lease !== undefined
      ? await ctx.queue.adopt(message.jobId, message.lease)
      : await ctx.queue.claimJob(message.jobId, leaseMs)
    : (await ctx.queue.claim(1, leaseMs)).jobs[0];
  if (!job) {
    // Taken by another invocation, finished, or expired: nothing to do, and QStash must not retry.
    ctx.log.info("worker.skipped", { jobId: message.jobId ?? null });
    return Response.json({
      processed: 0,
      jobId: message.jobId ?? null,
      reason: "job is not waiting for this worker",
    });
  }
  const runs = await runJobs(ctx, [job], {
    deadline: started + budget,
    concurrency: 1,
    leaseMs,
    baseUrl: ctx.baseUrl(request),
  });
  return Response.json({ processed: 1, runs, durationMs: Date.now() - started });
}
