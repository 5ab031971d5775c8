// Cron dialects the policies accept. Both are plain 5-field expressions (minute precision, so nothing
// runs more than once a minute); the field grammar is the build's own, so the build and the policy
// pack cannot disagree on what a valid Vercel schedule is.
import { cronScheduleProblem } from "../../../app/build/cron-schedule.js";

/** QStash accepts an IANA timezone prefix, `CRON_TZ=Europe/Berlin 0 9 * * *`. */
const TIMEZONE_PREFIX = /^CRON_TZ=(\S+)\s+/;

/** Says what is wrong with a QStash schedule's `cron`, or `undefined` when it is fine. */
export function qstashCronProblem(expression: string): string | undefined {
  const trimmed = expression.trim();
  return macroProblem(trimmed) ?? cronScheduleProblem(trimmed.replace(TIMEZONE_PREFIX, ""));
}

/** Says what is wrong with a Vercel Cron `schedule`, or `undefined` when it is fine. */
export function vercelCronProblem(expression: string): string | undefined {
  const trimmed = expression.trim();
  if (TIMEZONE_PREFIX.test(trimmed)) {
    return `"${trimmed}" has a CRON_TZ prefix; Vercel Cron runs in UTC and takes 5 fields only`;
  }
  return macroProblem(trimmed) ?? cronScheduleProblem(trimmed);
}

function macroProblem(expression: string): string | undefined {
  if (!expression.startsWith("@")) return undefined;
  return `"${expression}" is a macro (@every, @hourly, ...); write a 5-field expression (minute hour day-of-month month day-of-week) instead`;
}
