// Every dashboard API route goes through `dashboardRoute`: Bearer QUEUE_API_TOKEN (401), read-only
// mode for actions (403), queue errors as 404/409, and `Cache-Control: no-store` on every answer.
import type { AppContext } from "../context.js";
import { requireBearer } from "../http/auth.js";
import { errorResponse, HttpError } from "../http/http-error.js";
import type { RouteHandler } from "../http/router.js";
import { JobNotFoundError, JobStateError } from "../queue/index.js";

export interface DashboardRouteOptions {
  /** The route changes the queue, so read-only mode (DASHBOARD_READ_ONLY) refuses it. @default false */
  write?: boolean;
}

export function dashboardRoute(
  handler: RouteHandler<AppContext>,
  options: DashboardRouteOptions = {},
): RouteHandler<AppContext> {
  return async (request, params, ctx) => {
    const response = await answer(handler, options, request, params, ctx);
    response.headers.set("cache-control", "no-store");
    response.headers.set("x-content-type-options", "nosniff");
    return response;
  };
}

async function answer(
  handler: RouteHandler<AppContext>,
  options: DashboardRouteOptions,
  request: Request,
  params: Record<string, string>,
  ctx: AppContext,
): Promise<Response> {
  try {
    requireBearer(request, ctx.env.QUEUE_API_TOKEN);
    if (options.write && ctx.env.DASHBOARD_READ_ONLY) {
      throw new HttpError(403, "The dashboard is read-only (DASHBOARD_READ_ONLY is set)");
    }
    return await handler(request, params, ctx);
  } catch (error) {
    if (error instanceof HttpError) return errorResponse(error.status, error.message, error.field);
    if (error instanceof JobNotFoundError) return errorResponse(404, error.message, "id");
    if (error instanceof JobStateError) return errorResponse(409, error.message, "status");
    throw error;
  }
}
