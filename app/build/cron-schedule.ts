// Checks a Vercel Cron schedule before it ships: five numeric fields, as Vercel's cron docs and its
// CLI (`vercel crons add`) accept them. Names (MON, JAN), `L`, `W`, `#` and `?` are not supported there.

const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day-of-week", min: 0, max: 6 },
] as const;

const ITEM = /^(\*|\d+(?:-\d+)?)(?:\/(\d+))?$/;

/** Says what is wrong with a 5-field cron expression, or `undefined` when Vercel would accept it. */
export function cronScheduleProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== FIELDS.length) {
    return `must have 5 fields (minute hour day-of-month month day-of-week), got ${fields.length} in "${expression}"`;
  }
  for (const [index, field] of fields.entries()) {
    const problem = fieldProblem(field, FIELDS[index]!);
    if (problem) return problem;
  }
  return undefined;
}

function fieldProblem(
  field: string,
  { name, min, max }: (typeof FIELDS)[number],
): string | undefined {
  for (const item of field.split(",")) {
    const match = ITEM.exec(item);
    if (!match) {
      return `${name} "${item}" must be *, a number, a range a-b, a list or a step like */5 (names, L, W and # are not supported by Vercel)`;
    }
    const [, range = "", step] = match;
    if (step !== undefined && Number(step) < 1)
      return `${name} step in "${item}" must be at least 1`;
    if (range === "*") continue;
    const [from, to = from] = range.split("-").map(Number) as [number, number?];
    if (from < min || to > max) return `${name} "${item}" must stay within ${min}-${max}`;
    if (from > to) return `${name} range "${item}" must go from low to high`;
  }
  return undefined;
}
