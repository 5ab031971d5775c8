// GET /api/queue/stats (Bearer QUEUE_API_TOKEN): counts per state and the oldest pending age.
import type { AppContext } from "../context.js";
import { requireBearer } from "../http/auth.js";

export async function queueStats(
  request: Request,
  _params: unknown,
  ctx: AppContext,
): Promise<Response> {
  requireBearer(request, ctx.env.QUEUE_API_TOKEN);
  return Response.json(await ctx.queue.stats());
}
