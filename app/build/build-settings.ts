// Build settings, read from env vars that infra passes to `npm run build`. Parsed once here; the error
// names every bad variable and says what would be valid.
import { resolve } from "node:path";
import { z } from "zod";
import { cronScheduleProblem } from "./cron-schedule.js";

/** Vercel's ceiling for `maxDuration` on Pro (Hobby stops at 300). */
export const MAX_DURATION_CEILING = 800;

const seconds = (name: string, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a number of seconds` })
    .int(`${name} must be a whole number of seconds`)
    .min(1, `${name} must be at least 1 second`)
    .max(
      MAX_DURATION_CEILING,
      `${name} must be at most ${MAX_DURATION_CEILING} seconds (Vercel's limit)`,
    )
    .default(fallback);

const settingsSchema = z.object({
  /** 5-field cron for `/api/cron/klap`, or `off` for no cron. @default every minute */
  CRON_SCHEDULE: z
    .string()
    .trim()
    .default("* * * * *")
    .superRefine((value, ctx) => {
      if (value === "off") return;
      const problem = cronScheduleProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: `CRON_SCHEDULE ${problem}, or 'off'` });
    }),
  /** maxDuration of the function serving every route but cron and worker. @default 60 */
  API_MAX_DURATION: seconds("API_MAX_DURATION", 60),
  /** maxDuration of the cron function. @default 300 */
  CRON_MAX_DURATION: seconds("CRON_MAX_DURATION", 300),
  /** maxDuration of the worker function. @default 300 */
  WORKER_MAX_DURATION: seconds("WORKER_MAX_DURATION", 300),
  /** Folder that receives `.vercel/output`. @default the current directory */
  VERCEL_OUTPUT_ROOT: z.string().min(1, "VERCEL_OUTPUT_ROOT must not be empty").optional(),
});

export interface BuildSettings {
  /** Schedule of the Vercel Cron that calls `/api/cron/klap`; `null` emits no cron. */
  cronSchedule: string | null;
  apiMaxDuration: number;
  cronMaxDuration: number;
  workerMaxDuration: number;
  /** Absolute path of `<VERCEL_OUTPUT_ROOT>/.vercel/output`. */
  outputDir: string;
}

export class BuildSettingsError extends Error {
  override name = "BuildSettingsError";
  constructor(
    message: string,
    /** Env vars that are invalid; never their values. */
    readonly keys: string[],
  ) {
    super(message);
  }
}

/** Reads the build settings from env vars; relative paths resolve against `cwd`. */
export function parseBuildSettings(
  env: Record<string, string | undefined> = process.env,
  cwd: string = process.cwd(),
): BuildSettings {
  // An empty variable counts as unset: CI systems and infra often pass `NAME=` for "use the default".
  const given = Object.fromEntries(
    Object.keys(settingsSchema.shape).flatMap((key) => (env[key] ? [[key, env[key]]] : [])),
  );
  const result = settingsSchema.safeParse(given);
  if (!result.success) {
    const keys = [...new Set(result.error.issues.map((i) => String(i.path[0])))];
    const lines = result.error.issues.map((i) => `- ${String(i.path[0])}: ${i.message}`);
    throw new BuildSettingsError(`Invalid build settings:\n${lines.join("\n")}`, keys);
  }
  const s = result.data;
  return {
    cronSchedule: s.CRON_SCHEDULE === "off" ? null : s.CRON_SCHEDULE.split(/\s+/).join(" "),
    apiMaxDuration: s.API_MAX_DURATION,
    cronMaxDuration: s.CRON_MAX_DURATION,
    workerMaxDuration: s.WORKER_MAX_DURATION,
    outputDir: resolve(cwd, s.VERCEL_OUTPUT_ROOT ?? ".", ".vercel", "output"),
  };
}
