// Calls a policy's validateResource / validateStack directly, with arguments shaped the way
// @pulumi/policy's server builds them (server.js: props behind `unknownCheckingProxy`, `isType` by
// the class's registered type token, `getConfig` returning only what the pack config sets, and
// `notApplicable` throwing), and a `reportViolation` that records what it is told.
import {
  type PolicyResource,
  type PolicyResourceOptions,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationPolicy,
  unknownCheckingProxy,
} from "@pulumi/policy";

/** Type tokens as the installed SDKs register them; a policy only sees a resource through these. */
export const TYPES = {
  redis: "upstash:index/redisDatabase:RedisDatabase",
  qstashScheduleV2: "upstash:index/qStashScheduleV2:QStashScheduleV2",
  qstashSchedule: "upstash:index/qStashSchedule:QStashSchedule",
  vercelProject: "vercel:index/project:Project",
  vercelEnvVar: "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable",
  vercelEnvVars: "vercel:index/projectEnvironmentVariables:ProjectEnvironmentVariables",
  vercelSharedEnvVar: "vercel:index/sharedEnvironmentVariable:SharedEnvironmentVariable",
  vercelDeployment: "vercel:index/deployment:Deployment",
  stack: "pulumi:pulumi:Stack",
  stackReference: "pulumi:pulumi:StackReference",
  randomPassword: "random:index/randomPassword:RandomPassword",
} as const;

/** The proxy's marker for a string the engine does not know yet (a preview of a new resource). */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface ResourceInput {
  type: string;
  props: Record<string, unknown>;
  name?: string;
  stack?: string;
  opts?: Partial<PolicyResourceOptions>;
  parent?: string;
}

export interface PolicyOutcome {
  violations: string[];
  /** Set when the policy declared itself not applicable, with its reason. */
  notApplicable?: string;
}

class NotApplicable extends Error {
  override name = "NotApplicable";
}

export function urnOf(input: ResourceInput): string {
  return `urn:pulumi:${input.stack ?? "dev"}::inflio-jobs::${input.type}::${input.name ?? "res"}`;
}

function optionsOf(input: ResourceInput): PolicyResourceOptions {
  return {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...input.opts,
  };
}

const typeTokenOf = (resourceClass: unknown): string | undefined =>
  (resourceClass as { __pulumiType?: string }).__pulumiType;

const notApplicable = (reason?: string): never => {
  throw new NotApplicable(reason ?? "not applicable");
};

async function outcomeOf(run: (report: (message: string) => void) => unknown) {
  const outcome: PolicyOutcome = { violations: [] };
  try {
    await run((message) => outcome.violations.push(message));
  } catch (error) {
    if (!(error instanceof NotApplicable)) throw error;
    outcome.notApplicable = error.message;
  }
  return outcome;
}

/** Runs every validation of a resource policy against one resource. */
export async function validateResource(
  policy: ResourceValidationPolicy,
  input: ResourceInput,
  config: object = {},
): Promise<PolicyOutcome> {
  const props = unknownCheckingProxy(input.props);
  const args: ResourceValidationArgs = {
    type: input.type,
    props,
    urn: urnOf(input),
    name: input.name ?? "res",
    opts: optionsOf(input),
    stackTags: new Map(),
    isType: (resourceClass) => typeTokenOf(resourceClass) === input.type,
    asType: ((resourceClass: unknown) =>
      typeTokenOf(resourceClass) === input.type
        ? props
        : undefined) as ResourceValidationArgs["asType"],
    getConfig: <T extends object>() => config as T,
    notApplicable,
  };
  const validations = [policy.validateResource ?? []].flat();
  return outcomeOf(async (report) => {
    for (const validate of validations) await validate(args, report);
  });
}

/** Runs a stack policy over resources given with their outputs. */
export async function validateStack(
  policy: StackValidationPolicy,
  inputs: ResourceInput[],
  config: object = {},
): Promise<PolicyOutcome> {
  const resources: PolicyResource[] = inputs.map((input) => {
    const props = unknownCheckingProxy(input.props);
    return {
      type: input.type,
      props,
      urn: urnOf(input),
      name: input.name ?? "res",
      opts: optionsOf(input),
      dependencies: [],
      propertyDependencies: {},
      isType: (resourceClass) => typeTokenOf(resourceClass) === input.type,
      asType: ((resourceClass: unknown) =>
        typeTokenOf(resourceClass) === input.type ? props : undefined) as PolicyResource["asType"],
    };
  });
  for (const [i, input] of inputs.entries()) {
    if (input.parent) resources[i]!.parent = resources.find((r) => r.urn === input.parent);
  }
  return outcomeOf((report) =>
    policy.validateStack(
      {
        resources,
        stackTags: new Map(),
        getConfig: <T extends object>() => config as T,
        notApplicable,
      },
      report,
    ),
  );
}
