// GET /api/jobs/:id: the job's status for the front end to poll. Ids are unguessable (UUIDv4), so
// no token is needed; the payload is not echoed.
import type { AppContext } from "../context.js";
import { errorResponse } from "../http/http-error.js";
import { isJobId } from "../queue/index.js";

export async function getJob(
  _request: Request,
  params: Record<string, string>,
  ctx: AppContext,
): Promise<Response> {
  const id = params.id ?? "";
  const job = isJobId(id) ? await ctx.queue.get(id) : null;
  if (!job)
    return errorResponse(404, `No job with id '${id.slice(0, 64)}' (it may have expired)`, "id");
  return Response.json({
    id: job.id,
    status: job.status,
    progress: job.progress,
    attempts: job.attempts,
    step: job.step ?? null,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    ...(job.result !== undefined ? { result: job.result } : {}),
    ...(job.error ? { error: job.error } : {}),
  });
}
