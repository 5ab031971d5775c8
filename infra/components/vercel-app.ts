// The app on Vercel: a project per stack, its env vars, and a production deployment of the prebuilt
// `.vercel/output`. Crons (from the bundle's `config.json`) only run on production deployments.
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as vercel from "@pulumiverse/vercel";

export interface VercelEnvVar {
  key: string;
  value: pulumi.Input<string>;
  /** Write-only on Vercel; must be set explicitly. */
  sensitive: boolean;
}

export interface VercelAppArgs {
  /** Folder holding the built `.vercel/output`, relative to the working directory. Required. @default none */
  outputRoot: string;
  /** Vercel project name; also its `<name>.vercel.app` domain when that is free. @default the component's name */
  projectName?: string;
  /** Region the functions run in, next to the database. @default "iad1" */
  region?: string;
  /** Env vars of the project; a change replaces the deployment. @default [] */
  environment?: VercelEnvVar[];
  /** Checks the resolved env before it ships; throw to stop the deployment. @default no check */
  validateEnvironment?: (env: Record<string, string>) => void;
  /** Turn on Deployment Protection, with this automation bypass secret (32 characters). @default off */
  protectionBypassSecret?: pulumi.Input<string>;
  /** Delete the deployment from Vercel on destroy (ephemeral stacks). @default false */
  deleteDeploymentOnDestroy?: boolean;
  /** Protect the project from deletion and keep it when the stack is destroyed. @default false */
  protect?: boolean;
}

/** Targets of every env var: all deployments this program makes are production ones. */
export const ENV_TARGETS = ["production", "preview"];

export class VercelApp extends pulumi.ComponentResource {
  /** Vercel's id of the project. */
  public readonly projectId: pulumi.Output<string>;
  /** Production URL of the app, e.g. `https://inflio-jobs-dev.vercel.app`. */
  public readonly url: pulumi.Output<string>;
  /** URL of this very deployment (changes with every deployment). */
  public readonly deploymentUrl: pulumi.Output<string>;

  constructor(name: string, args: VercelAppArgs, opts?: pulumi.ComponentResourceOptions) {
    super("inflio:vercel:App", name, args, opts);
    const projectName = args.projectName ?? name;
    const protect = args.protect ?? false;
    const environment = args.environment ?? [];

    const project = new vercel.Project(
      `${name}-project`,
      projectArgs(projectName, args.region ?? "iad1", args.protectionBypassSecret !== undefined),
      { parent: this, protect, retainOnDelete: protect },
    );

    const bypass =
      args.protectionBypassSecret === undefined
        ? undefined
        : new vercel.ProjectProtectionBypass(
            `${name}-protection-bypass`,
            {
              projectId: project.id,
              secret: args.protectionBypassSecret,
              // Vercel also exposes this one as VERCEL_AUTOMATION_BYPASS_SECRET on deployments.
              isEnvVar: true,
              note: "QStash deliveries (managed by Pulumi)",
            },
            { parent: this },
          );

    const envVars = environment.map(
      (v) =>
        new vercel.ProjectEnvironmentVariable(
          `${name}-env-${v.key}`,
          {
            projectId: project.id,
            key: v.key,
            value: v.value,
            sensitive: v.sensitive,
            targets: ENV_TARGETS,
            comment: "Managed by Pulumi: the next `pulumi up` overwrites changes made here.",
          },
          // Replacing a variable creates the new one first unless told otherwise, and Vercel then
          // refuses the duplicate key (ENV_ALREADY_EXISTS).
          { parent: this, deleteBeforeReplace: true },
        ),
    );

    const prebuilt = vercel.getPrebuiltProjectOutput({ path: args.outputRoot }, { parent: this });
    const deployment = new vercel.Deployment(
      `${name}-deployment`,
      {
        projectId: project.id,
        files: prebuilt.output,
        pathPrefix: prebuilt.path,
        production: true,
        deleteOnDestroy: args.deleteDeploymentOnDestroy ?? false,
        // Vercel bakes env vars into a deployment when it is created, so a changed value must
        // replace the deployment; `meta` forces a replacement when it changes.
        meta: { envRevision: environmentRevision(environment, args.validateEnvironment) },
      },
      { parent: this, dependsOn: bypass ? [...envVars, bypass] : envVars },
    );

    this.projectId = project.id;
    this.deploymentUrl = pulumi.interpolate`https://${deployment.url}`;
    this.url = pulumi
      .all([deployment.domains, deployment.url])
      .apply(([domains, url]) => `https://${productionDomain(projectName, domains, url)}`);
    this.registerOutputs({
      projectId: this.projectId,
      url: this.url,
      deploymentUrl: this.deploymentUrl,
    });
  }
}

/** The project: functions next to the database, system env vars exposed (the app reads them). */
export function projectArgs(
  projectName: string,
  region: string,
  deploymentProtection: boolean,
): vercel.ProjectArgs {
  return {
    name: projectName,
    // The app falls back to VERCEL_PROJECT_PRODUCTION_URL for its own base URL.
    automaticallyExposeSystemEnvironmentVariables: true,
    vercelAuthentication: {
      deploymentType: deploymentProtection ? "standardProtectionNew" : "none",
    },
    resourceConfig: { functionDefaultRegions: [region] },
  };
}

/**
 * The production domain among a deployment's aliases: `<project>.vercel.app` when Vercel could
 * assign it, else the shortest `*.vercel.app` alias (Vercel appends the team when the name is
 * taken), else the deployment's own URL.
 */
export function productionDomain(projectName: string, domains: string[], url: string): string {
  if (domains.includes(`${projectName}.vercel.app`)) return `${projectName}.vercel.app`;
  const candidates = domains
    .filter((d) => d.endsWith(".vercel.app"))
    .sort((a, b) => a.length - b.length || a.localeCompare(b));
  return candidates[0] ?? url;
}

/** First 16 hex digits of SHA-256 over the sorted `key=value` lines. */
export function revisionDigest(env: Record<string, string>): string {
  const lines = Object.keys(env)
    .sort()
    .map((key) => `${key}=${env[key]}\n`);
  return createHash("sha256").update(lines.join("")).digest("hex").slice(0, 16);
}

/**
 * A digest of every env value, validated first. A digest of high-entropy secrets reveals none of
 * them, so it stays readable and the plan shows when a deployment will be replaced.
 */
function environmentRevision(
  environment: VercelEnvVar[],
  validate: ((env: Record<string, string>) => void) | undefined,
): pulumi.Output<string> {
  const revision = pulumi.all(environment.map((v) => v.value)).apply((values) => {
    const env = Object.fromEntries(environment.map((v, i) => [v.key, values[i]!]));
    validate?.(env);
    return revisionDigest(env);
  });
  return pulumi.unsecret(revision);
}
