// The stack's config, parsed once into a typed object: every `inflio-jobs:*` key and the provider
// credentials the program relies on, checked together so one `pulumi preview` lists the problems.
// Keys that become app env vars are checked with the app's own schema fields.
import { z } from "zod";
import { cronScheduleProblem, envSchema } from "../app-contract.js";
import { credentialProblems } from "./credentials.js";
import { appField, bool, integer, json, oneOf, secretField, show, signingKey } from "./fields.js";
import { UPSTASH_REGIONS, VERCEL_REGION_NEAR, VERCEL_REGIONS } from "./regions.js";
import { type ConfigProblem, StackConfigError } from "./stack-config-error.js";

/** Longest `maxDuration` Vercel allows a function, per plan. */
export const MAX_DURATION_LIMIT = { hobby: 300, pro: 800 } as const;

/** Shortest cron/worker `maxDuration`: the app's default tick budget (50 s) must fit with room to spare. */
export const MIN_LONG_DURATION = 60;

/** Secret project keys; each must be set with `pulumi config set --secret` or come from Pulumi ESC. */
export const SECRET_KEYS = [
  "qstashToken",
  "qstashCurrentSigningKey",
  "qstashNextSigningKey",
  "klapApiKey",
] as const;
export type SecretKey = (typeof SECRET_KEYS)[number];

/** Ephemeral preview stacks are named after their pull request. */
export const PREVIEW_STACK = /^pr-(\d+)$/;

export interface OwnRedisConfig {
  mode: "own";
  primaryRegion: (typeof UPSTASH_REGIONS)[number];
  /** Read replicas; empty for a single-region database. */
  readRegions: (typeof UPSTASH_REGIONS)[number][];
  /** Monthly budget in USD; Upstash throttles the database once it is spent. */
  budget: number;
}

export interface SharedRedisConfig {
  mode: "shared";
  /** Fully qualified stack (`<org>/<project>/<stack>`) whose database this stack borrows. */
  stack: string;
}

export interface StackConfig<Secret = string> {
  project: string;
  stack: string;
  /** `<project>-<stack>`: prefix of every resource name, and the Vercel project's and database's name. */
  name: string;
  /** Pull request number of a `pr-<n>` stack. */
  prNumber: number | undefined;
  /** Ephemeral stacks are torn down whole, their deployments with them. */
  ephemeral: boolean;
  /** Prefix of every Redis key the app writes (`QUEUE_PREFIX`). */
  queuePrefix: string;
  redis: OwnRedisConfig | SharedRedisConfig;
  vercel: {
    plan: "hobby" | "pro";
    /** Region the functions run in. */
    region: (typeof VERCEL_REGIONS)[number];
    /** Vercel Authentication on the project; QStash then needs the automation bypass header. */
    deploymentProtection: boolean;
  };
  /** What calls the cron route on schedule: Vercel Cron, or a QStash schedule. */
  trigger: "vercel-cron" | "qstash";
  cronSchedule: string;
  dispatchMode: "inline" | "qstash";
  maxDuration: { api: number; cron: number; worker: number };
  jobTtlSeconds: number;
  /** Protect and retain the stateful resources (database, project, generated secrets). */
  protect: boolean;
  klapApiUrl: string;
  secrets: Record<SecretKey, Secret>;
}

export interface StackConfigInput {
  project: string;
  stack: string;
  /** Organization of the stack, for the default `sharedRedisStack`. */
  organization: string;
  /** Every config value as the Pulumi CLI hands it over: full keys, strings (objects as JSON). */
  values: Record<string, string>;
  /** Environment the providers also read credentials from. */
  env?: Record<string, string | undefined>;
}

const seconds = (min: number) => integer(min, MAX_DURATION_LIMIT.pro, "seconds").optional();

const projectSchema = z.object({
  redisPrimaryRegion: oneOf(UPSTASH_REGIONS, "an Upstash primary region").default("us-east-1"),
  redisReadRegions: json(
    z.array(oneOf(UPSTASH_REGIONS, "an Upstash read region"), {
      error: "must be a list of regions, e.g. [us-west-2] (YAML) or set with --path 'key[0]'",
    }),
  ).default([]),
  redisBudget: integer(1, 10_000, "USD a month").default(20),
  redisMode: oneOf(["own", "shared"], "a Redis mode").optional(),
  sharedRedisStack: z
    .string()
    .regex(
      /^[^/\s]+\/[^/\s]+\/[^/\s]+$/,
      "must be a fully qualified stack like <org>/inflio-jobs/dev",
    )
    .optional(),
  cronSchedule: z
    .string()
    .superRefine((value, ctx) => {
      const problem = cronScheduleProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .default("* * * * *"),
  trigger: oneOf(["vercel-cron", "qstash"], "a trigger").optional(),
  dispatchMode: appField(envSchema.shape.DISPATCH_MODE),
  maxDurationSeconds: json(
    z
      .object({
        api: seconds(1),
        cron: seconds(MIN_LONG_DURATION),
        worker: seconds(MIN_LONG_DURATION),
      })
      .strict(),
  ).default({}),
  jobTtlSeconds: appField(envSchema.shape.JOB_TTL_SECONDS),
  protect: bool.default(false),
  deploymentProtection: bool.default(false),
  klapApiUrl: appField(envSchema.shape.KLAP_API_URL),
  vercelRegion: oneOf(VERCEL_REGIONS, "a Vercel region").optional(),
  vercelPlan: oneOf(["hobby", "pro"], "a Vercel plan").default("hobby"),
  qstashToken: secretField(envSchema.shape.QSTASH_TOKEN),
  qstashCurrentSigningKey: secretField(envSchema.shape.QSTASH_CURRENT_SIGNING_KEY, signingKey),
  qstashNextSigningKey: secretField(envSchema.shape.QSTASH_NEXT_SIGNING_KEY, signingKey),
  klapApiKey: secretField(envSchema.shape.KLAP_API_KEY),
});

/** Every project key the program reads; anything else in the namespace is a typo. */
export const PROJECT_KEYS = Object.keys(
  projectSchema.shape,
) as (keyof typeof projectSchema.shape)[];

const DEFAULT_MAX_DURATION = { api: 60, cron: 300, worker: 300 };

/** Parses and checks the whole config; throws one {@link StackConfigError} listing every problem. */
export function parseStackConfig(input: StackConfigInput): StackConfig {
  const { project, stack, values, env = {} } = input;
  const key = (name: string) => `${project}:${name}`;
  const problems: ConfigProblem[] = [];

  const own: Record<string, string> = {};
  for (const [full, value] of Object.entries(values)) {
    if (!full.startsWith(`${project}:`) || value === "") continue;
    const name = full.slice(project.length + 1);
    if ((PROJECT_KEYS as string[]).includes(name)) own[name] = value;
    else {
      problems.push({
        key: full,
        message: `is not a key this program reads; valid keys: ${PROJECT_KEYS.join(", ")}`,
      });
    }
  }
  const prMatch = PREVIEW_STACK.exec(stack);
  const prNumber = prMatch ? Number(prMatch[1]) : undefined;
  for (const name of SECRET_KEYS) {
    if (!own[name]) {
      problems.push({
        key: key(name),
        message: `is not set; run \`pulumi config set --secret ${key(name)} <value>\` or import it from a Pulumi ESC environment`,
      });
    }
  }

  const parsed = projectSchema.safeParse(own);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ key: key(issue.path.map(String).join(".")), message: issue.message });
    }
    problems.push(...credentialProblems(values, env, modes(prNumber, own).needsUpstash));
    throw new StackConfigError(project, stack, problems);
  }
  const c = parsed.data;
  const plan = c.vercelPlan;
  const { trigger, redisMode, needsUpstash } = modes(prNumber, c);
  const sharedRedisStack = c.sharedRedisStack ?? `${input.organization}/${project}/dev`;
  const maxDuration = { ...DEFAULT_MAX_DURATION, ...c.maxDurationSeconds };

  if (c.redisReadRegions.includes(c.redisPrimaryRegion)) {
    problems.push({
      key: key("redisReadRegions"),
      message: `must not contain the primary region ${c.redisPrimaryRegion}; leave it empty for a single-region database`,
    });
  }
  if (new Set(c.redisReadRegions).size !== c.redisReadRegions.length) {
    problems.push({ key: key("redisReadRegions"), message: "must not list a region twice" });
  }
  for (const fn of ["api", "cron", "worker"] as const) {
    if (maxDuration[fn] > MAX_DURATION_LIMIT[plan]) {
      problems.push({
        key: key(`maxDurationSeconds.${fn}`),
        message: `${maxDuration[fn]} s is over the Vercel ${plan} limit of ${MAX_DURATION_LIMIT[plan]} s (Hobby 300, Pro 800; see ${key("vercelPlan")})`,
      });
    }
  }
  if (trigger === "vercel-cron" && plan === "hobby" && !runsAtMostDaily(c.cronSchedule)) {
    problems.push({
      key: key("cronSchedule"),
      message: `${show(c.cronSchedule)} runs more than once a day, which Vercel Hobby crons cannot; set ${key("trigger")} to qstash, a daily schedule like "0 3 * * *", or ${key("vercelPlan")} to pro`,
    });
  }
  const name = `${project}-${stack}`;
  if (
    !/^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/.test(name) ||
    name.includes("---") ||
    name.length > 100
  ) {
    problems.push({
      key: "stack name",
      message: `${show(stack)} makes the Vercel project name ${show(name)}, which must be lowercase letters, digits, '.', '_' or '-' (no '---'), end in a letter or digit, and stay within 100 characters`,
    });
  }
  if (redisMode === "shared" && sharedRedisStack.split("/")[2] === stack) {
    problems.push({
      key: key("sharedRedisStack"),
      message: `${show(sharedRedisStack)} is this stack; a stack can only share another stack's database`,
    });
  }
  problems.push(...credentialProblems(values, env, needsUpstash));
  if (problems.length > 0) throw new StackConfigError(project, stack, problems);

  return {
    project,
    stack,
    name,
    prNumber,
    ephemeral: prNumber !== undefined,
    queuePrefix: prNumber !== undefined || redisMode === "shared" ? `${stack}:klap` : "klap",
    redis:
      redisMode === "own"
        ? {
            mode: "own",
            primaryRegion: c.redisPrimaryRegion,
            readRegions: c.redisReadRegions,
            budget: c.redisBudget,
          }
        : { mode: "shared", stack: sharedRedisStack },
    vercel: {
      plan,
      region: c.vercelRegion ?? VERCEL_REGION_NEAR[c.redisPrimaryRegion],
      deploymentProtection: c.deploymentProtection,
    },
    trigger,
    cronSchedule: c.cronSchedule.trim().split(/\s+/).join(" "),
    dispatchMode: c.dispatchMode,
    maxDuration,
    jobTtlSeconds: c.jobTtlSeconds,
    protect: c.protect,
    klapApiUrl: c.klapApiUrl,
    secrets: {
      qstashToken: c.qstashToken!,
      qstashCurrentSigningKey: c.qstashCurrentSigningKey!,
      qstashNextSigningKey: c.qstashNextSigningKey!,
      klapApiKey: c.klapApiKey!,
    },
  };
}

/** The defaults that depend on other keys; also run on unparsed values to word credential errors. */
function modes<M extends string, T extends string>(
  prNumber: number | undefined,
  raw: { redisMode?: M; trigger?: T; vercelPlan?: string },
) {
  const redisMode =
    raw.redisMode ?? (prNumber === undefined ? ("own" as const) : ("shared" as const));
  // Hobby crons run at most daily, so a Hobby stack is driven by QStash unless told otherwise.
  const trigger =
    raw.trigger ?? (raw.vercelPlan === "pro" ? ("vercel-cron" as const) : ("qstash" as const));
  return { redisMode, trigger, needsUpstash: redisMode !== "shared" || trigger === "qstash" };
}

/** True when a 5-field schedule fires at most once a day: a single minute and a single hour. */
export function runsAtMostDaily(schedule: string): boolean {
  const [minute = "", hour = ""] = schedule.trim().split(/\s+/);
  return /^\d+$/.test(minute) && /^\d+$/.test(hour);
}
