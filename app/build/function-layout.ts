// Which Vercel functions the app ships as, and which URL paths each serves. The app is one handler
// module; it ships as three `.func` directories holding the same bundle bytes, because `maxDuration`
// is per function and only cron and worker need the long one. Vercel uploads files by sha1, so the
// copies cost nothing; a symlinked `.func` would instead collapse them into one function and one limit.
import type { BuildSettings } from "./build-settings.js";

/** Path Vercel Cron calls (GET, with `Authorization: Bearer $CRON_SECRET`). */
export const CRON_PATH = "/api/cron/klap";
/** Path QStash delivers to. */
export const WORKER_PATH = "/api/worker/klap";

export interface FunctionSpec {
  /** Function path under `functions/`, without `.func`; also the route `dest`. */
  name: string;
  /** Route `src`: the request paths this function serves (Vercel matches case-insensitively). */
  src: string;
  /** Seconds before Vercel ends an invocation with 504 FUNCTION_INVOCATION_TIMEOUT. */
  maxDuration: number;
}

/** Functions in route order: the first whose `src` matches a path serves it; `app` catches the rest. */
export function functionLayout(settings: BuildSettings): FunctionSpec[] {
  return [
    { name: "api/cron/klap", src: exactly(CRON_PATH), maxDuration: settings.cronMaxDuration },
    { name: "api/worker/klap", src: exactly(WORKER_PATH), maxDuration: settings.workerMaxDuration },
    // Every other path, unknown ones included, so a miss gets the handler's own 404.
    { name: "app", src: "^/.*$", maxDuration: settings.apiMaxDuration },
  ];
}

function exactly(path: string): string {
  return `^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`;
}
