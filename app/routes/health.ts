// GET /api/health: Redis reachable and config complete. Names missing or invalid env vars, never values.
import { ConfigError } from "../config/env.js";
import type { AppContext } from "../context.js";

export async function health(getContext: () => AppContext): Promise<Response> {
  let ctx: AppContext;
  try {
    ctx = getContext();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return Response.json(
      { ok: false, config: { complete: false, invalid: error.keys }, redis: "unknown" },
      { status: 503 },
    );
  }
  let redis = "ok";
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      ctx.redis.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), 3_000);
      }),
    ]);
  } catch {
    redis = "unreachable";
  } finally {
    // A pending timer would outlive the answer in a function instance that stays warm.
    clearTimeout(timer);
  }
  const ok = redis === "ok";
  return Response.json(
    {
      ok,
      config: { complete: true, dispatchMode: ctx.env.DISPATCH_MODE, push: Boolean(ctx.qstash) },
      redis,
    },
    { status: ok ? 200 : 503 },
  );
}
