// GET /api/queue/stats (Bearer QUEUE_API_TOKEN): counts per state and the oldest pending age.
import type { AppContext } from "../context.js";
import { hasBearer } from "../http/auth.js";
import { errorResponse } from "../http/http-error.js";

export async function queueStats(
  request: Request,
  _params: unknown,
  ctx: AppContext,
): Promise<Response> {
  if (!hasBearer(request, ctx.env.QUEUE_API_TOKEN)) {
    return errorResponse(401, "Missing or invalid bearer token", "authorization");
  }
  return Response.json(await ctx.queue.stats());
}
