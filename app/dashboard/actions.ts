// The dashboard's actions, registered with `dashboardRoute(..., { write: true })` so read-only mode
// refuses them. Queue errors become 404 (no such job) and 409 (wrong state) in the guard.
import type { AppContext } from "../context.js";
import { JobNotFoundError } from "../queue/index.js";
import { jobIdParam } from "./api.js";
import { jobRow } from "./job-view.js";

/** POST /api/dashboard/jobs/:id/retry: a dead job back to pending with fresh attempts. */
export async function retryDeadJob(
  _request: Request,
  params: Record<string, string>,
  ctx: AppContext,
): Promise<Response> {
  const id = jobIdParam(params);
  await ctx.queue.retryDead(id);
  ctx.log.info("dashboard.retry", { jobId: id });
  return await currentJob(ctx, id);
}

/** POST /api/dashboard/dead/retry: every dead job back to pending. */
export async function retryAllDeadJobs(
  _request: Request,
  _params: unknown,
  ctx: AppContext,
): Promise<Response> {
  const retried = await ctx.queue.retryAllDead();
  ctx.log.info("dashboard.retry_all", { retried });
  return Response.json({ retried });
}

/** POST /api/dashboard/jobs/:id/cancel: a job that has not finished stops for good. */
export async function cancelJob(
  _request: Request,
  params: Record<string, string>,
  ctx: AppContext,
): Promise<Response> {
  const id = jobIdParam(params);
  const job = await ctx.queue.cancel(id);
  ctx.log.info("dashboard.cancel", { jobId: id });
  return Response.json({ job: jobRow(job) });
}

/** DELETE /api/dashboard/jobs/:id: a completed, dead or cancelled job is deleted now. */
export async function deleteJob(
  _request: Request,
  params: Record<string, string>,
  ctx: AppContext,
): Promise<Response> {
  const id = jobIdParam(params);
  await ctx.queue.remove(id);
  ctx.log.info("dashboard.delete", { jobId: id });
  return Response.json({ id, deleted: true });
}

async function currentJob(ctx: AppContext, id: string): Promise<Response> {
  const job = await ctx.queue.get(id);
  if (!job) throw new JobNotFoundError(id);
  return Response.json({ job: jobRow(job) });
}
