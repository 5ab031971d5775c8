// The program builds what it deploys: it runs the app's own `npm run build` before it reads
// `.vercel/output`, so `pulumi up` alone ships bytes that match the source, and no step is forgotten.
import { execFileSync } from "node:child_process";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config/stack-config.js";
import { dropStack } from "../drop-stack.js";

/** The repository root, where `package.json` and its `build` script live. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");

/** The env vars `npm run build` reads (see app/build/build-settings.ts). */
export interface BundleEnv {
  /** Schedule of the Vercel Cron in `config.json`, or `off` for none. */
  CRON_SCHEDULE: string;
  API_MAX_DURATION: string;
  CRON_MAX_DURATION: string;
  WORKER_MAX_DURATION: string;
  /** Folder that receives `.vercel/output`, relative to the repository root. */
  VERCEL_OUTPUT_ROOT: string;
}

export interface BuildRequest {
  /** Where `npm run build` runs: the repository root. */
  cwd: string;
  env: BundleEnv;
}

/** Builds the bundle into `<env.VERCEL_OUTPUT_ROOT>/.vercel/output`; mock runs pass a fake. */
export type Builder = (request: BuildRequest) => void;

/** The build for one stack, into a folder of its own so stacks never read each other's output. */
export function buildRequest(
  config: Pick<StackConfig, "stack" | "trigger" | "cronSchedule" | "maxDuration">,
  repoRoot: string = REPO_ROOT,
): BuildRequest {
  return {
    cwd: repoRoot,
    env: {
      // Vercel runs crons on production deployments only; with a QStash trigger there must be none,
      // or both would call the cron route.
      CRON_SCHEDULE: config.trigger === "vercel-cron" ? config.cronSchedule : "off",
      API_MAX_DURATION: String(config.maxDuration.api),
      CRON_MAX_DURATION: String(config.maxDuration.cron),
      WORKER_MAX_DURATION: String(config.maxDuration.worker),
      VERCEL_OUTPUT_ROOT: join(".local", "pulumi", config.stack),
    },
  };
}

/**
 * Where the provider finds the output, relative to the working directory. Pulumi starts the program
 * and its provider plugins in the same directory (the folder of `main`), and a relative path keeps
 * the deployment's file list the same on every machine; an absolute one would replace the
 * deployment whenever the repository is checked out somewhere else.
 */
export function outputPath(request: BuildRequest, cwd: string = process.cwd()): string {
  return relative(cwd, join(request.cwd, request.env.VERCEL_OUTPUT_ROOT)) || ".";
}

/** Runs `npm run build` for real (it empties `.vercel/output` first, so no stale file ships). */
export const runNpmBuild: Builder = (request) => {
  try {
    execFileSync("npm", ["run", "build"], {
      cwd: request.cwd,
      env: { ...process.env, ...request.env },
      // The program's stdout belongs to Pulumi; the build talks on stderr.
      stdio: ["ignore", 2, 2],
    });
  } catch (error) {
    throw new BuildError((error as { status?: number }).status, { cause: error });
  }
};

/** `npm run build` failed; its own output already says why. A RunError: no stack trace is shown. */
export class BuildError extends pulumi.RunError {
  override name = "BuildError";
  constructor(
    readonly exitCode: number | undefined,
    options?: ErrorOptions,
  ) {
    super(
      `\`npm run build\` failed${exitCode === undefined ? "" : ` with exit code ${exitCode}`}; its output is above. Nothing was deployed.`,
      options,
    );
    dropStack(this);
  }
}
