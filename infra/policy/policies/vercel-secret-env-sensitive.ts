// A Vercel env var that is not `sensitive` can be read back from the dashboard and the API by anyone
// on the team. Env vars reach Vercel four ways: one resource per var, a batch resource, inline on the
// Project, and per Deployment (which has no sensitive flag at all, so secrets must not go there).
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import {
  Deployment,
  Project,
  ProjectEnvironmentVariable,
  ProjectEnvironmentVariables,
  SharedEnvironmentVariable,
} from "@pulumiverse/vercel";
import { looksSecret } from "../lib/secret-names.js";

interface EnvVarInput {
  key: string;
  sensitive?: boolean;
  targets?: string[];
}

export const vercelSecretEnvSensitive: ResourceValidationPolicy = {
  name: "vercel-secret-env-sensitive",
  description:
    "Vercel env vars whose key names a secret (the app's secretEnvKeys, or TOKEN/SECRET/KEY/PASSWORD) must be `sensitive: true`.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Set sensitive: true on the variable; never pass secrets through Deployment.environment.",
  validateResource: (args, reportViolation) => {
    for (const v of envVarsOf(args)) {
      if (!looksSecret(v.key) || v.sensitive === true || isDevelopmentOnly(v.targets)) continue;
      reportViolation(
        `Vercel env var ${v.key} holds a secret but has sensitive ${String(v.sensitive)}; set sensitive: true so it cannot be read back.`,
      );
    }
    const deployment = args.asType(Deployment);
    for (const key of Object.keys(deployment?.environment ?? {})) {
      if (!looksSecret(key)) continue;
      reportViolation(
        `Deployment.environment sets ${key}, which holds a secret; deployment env vars cannot be sensitive, so set it as a sensitive project env var instead.`,
      );
    }
  },
};

/** Every project-level env var a resource declares, whatever resource shape carries it. */
function envVarsOf(args: ResourceValidationArgs): EnvVarInput[] {
  const single = args.asType(ProjectEnvironmentVariable) ?? args.asType(SharedEnvironmentVariable);
  if (single) return [single];
  const batch = args.asType(ProjectEnvironmentVariables);
  if (batch) return batch.variables;
  return args.asType(Project)?.environments ?? [];
}

/** Vercel refuses `sensitive` on variables that target only `development` (`vercel dev`). */
function isDevelopmentOnly(targets: string[] | undefined): boolean {
  return targets !== undefined && targets.length > 0 && targets.every((t) => t === "development");
}
