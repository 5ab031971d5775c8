// Runs a stack's program under the mock runtime with its real stack file, and finds what it made.
import type { MockRun, RecordedResource } from "../../infra/plan/mock-runtime.js";
import { runUnderMocks } from "../../infra/plan/mock-runtime.js";
import { stackRunOptions } from "../../infra/plan/stack-files.js";

export const TYPES = {
  redis: "upstash:index/redisDatabase:RedisDatabase",
  schedule: "upstash:index/qStashScheduleV2:QStashScheduleV2",
  password: "random:index/randomPassword:RandomPassword",
  project: "vercel:index/project:Project",
  envVar: "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable",
  deployment: "vercel:index/deployment:Deployment",
  bypass: "vercel:index/projectProtectionBypass:ProjectProtectionBypass",
  stackReference: "pulumi:pulumi:StackReference",
  vercelApp: "inflio:vercel:App",
} as const;

/** Runs `stack` from `Pulumi.<stack>.yaml` plus placeholder secrets; `overrides` win, `undefined` unsets. */
export function runStack(
  stack: string,
  overrides: Record<string, string | undefined> = {},
): Promise<MockRun> {
  const options = stackRunOptions(stack);
  const config = { ...options.config, ...overrides };
  for (const [key, value] of Object.entries(config)) if (value === undefined) delete config[key];
  return runUnderMocks({ ...options, config: config as Record<string, string> });
}

export function ofType(run: MockRun, type: string): RecordedResource[] {
  return run.resources.filter((r) => r.type === type);
}

export function only(run: MockRun, type: string): RecordedResource {
  const found = ofType(run, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]!;
}

/** The Vercel env vars by key. */
export function envVars(run: MockRun): Map<string, RecordedResource> {
  return new Map(ofType(run, TYPES.envVar).map((r) => [String(r.inputs.key), r]));
}
