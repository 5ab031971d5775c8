// Loads .github/workflows/*.yml and checks their structure against a hand-written zod schema of the
// workflow keys this repository uses (strict: an unknown or misspelt key is an error). No maintained
// GitHub workflow schema validator is installed here, and the official JSON schema cannot be fetched,
// so this is narrower than GitHub's own parser: it proves shape, not that GitHub would accept it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";

export const REPO_ROOT = join(import.meta.dirname, "..", "..", "..");
export const WORKFLOWS_DIR = join(REPO_ROOT, ".github", "workflows");

/** `owner/repo@vN` (a major tag) or a local action; never a branch or an unpinned reference. */
const PINNED_ACTION = /^(?:[\w.-]+\/[\w.-]+(?:\/[\w./-]+)?@v\d+|\.\/[\w./-]+)$/;

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const condition = z.union([z.string(), z.boolean()]);
const envMap = z.record(z.string(), scalar);

const PERMISSION_SCOPES = [
  "actions",
  "attestations",
  "checks",
  "contents",
  "deployments",
  "discussions",
  "id-token",
  "issues",
  "models",
  "packages",
  "pages",
  "pull-requests",
  "repository-projects",
  "security-events",
  "statuses",
] as const;

const permissions = z.union([
  z.enum(["read-all", "write-all"]),
  z.partialRecord(z.enum(PERMISSION_SCOPES), z.enum(["read", "write", "none"])),
]);

const concurrency = z.union([
  z.string(),
  z.strictObject({ group: z.string(), "cancel-in-progress": condition.optional() }),
]);

const step = z
  .strictObject({
    id: z.string().optional(),
    name: z.string().optional(),
    if: condition.optional(),
    uses: z.string().regex(PINNED_ACTION, "pin actions to a major tag, e.g. @v4").optional(),
    run: z.string().optional(),
    with: z.record(z.string(), scalar).optional(),
    env: envMap.optional(),
    shell: z.string().optional(),
    "working-directory": z.string().optional(),
    "continue-on-error": condition.optional(),
    "timeout-minutes": z.number().optional(),
  })
  .refine((s) => (s.uses === undefined) !== (s.run === undefined), {
    message: "a step has exactly one of `uses` and `run`",
  });

const job = z.strictObject({
  name: z.string().optional(),
  "runs-on": z.union([z.string(), z.array(z.string())]),
  if: condition.optional(),
  needs: z.union([z.string(), z.array(z.string())]).optional(),
  permissions: permissions.optional(),
  environment: z
    .union([z.string(), z.strictObject({ name: z.string(), url: z.string().optional() })])
    .optional(),
  concurrency: concurrency.optional(),
  strategy: z
    .strictObject({
      matrix: z.record(z.string(), z.array(scalar)),
      "fail-fast": z.boolean().optional(),
      "max-parallel": z.number().optional(),
    })
    .optional(),
  container: z.union([z.string(), z.looseObject({ image: z.string() })]).optional(),
  env: envMap.optional(),
  "timeout-minutes": z.number().optional(),
  steps: z.array(step).min(1),
});

const EVENTS = [
  "push",
  "pull_request",
  "pull_request_target",
  "workflow_dispatch",
  "workflow_run",
  "schedule",
] as const;

const eventFilter = z.strictObject({
  branches: z.array(z.string()).optional(),
  "branches-ignore": z.array(z.string()).optional(),
  tags: z.array(z.string()).optional(),
  paths: z.array(z.string()).optional(),
  "paths-ignore": z.array(z.string()).optional(),
  types: z.array(z.string()).optional(),
  workflows: z.array(z.string()).optional(),
  inputs: z.record(z.string(), z.unknown()).optional(),
});

export const workflowSchema = z.strictObject({
  name: z.string(),
  on: z.union([
    z.enum(EVENTS),
    z.array(z.enum(EVENTS)),
    z.partialRecord(z.enum(EVENTS), z.union([z.null(), eventFilter, z.array(z.unknown())])),
  ]),
  permissions: permissions.optional(),
  concurrency: concurrency.optional(),
  env: envMap.optional(),
  jobs: z.record(z.string().regex(/^[A-Za-z_][\w-]*$/), job),
});

export type Workflow = z.infer<typeof workflowSchema>;
export type Job = Workflow["jobs"][string];
export type Step = Job["steps"][number];

/** Every workflow file, by file name, as parsed YAML (unvalidated). */
export function readWorkflowFiles(): Map<string, unknown> {
  const files = readdirSync(WORKFLOWS_DIR).filter((f) => /\.ya?ml$/.test(f));
  return new Map(
    files.map((f) => [
      f,
      parse(readFileSync(join(WORKFLOWS_DIR, f), "utf8"), { uniqueKeys: true }),
    ]),
  );
}

/** One workflow file, parsed and validated. */
export function loadWorkflow(file: string): Workflow {
  const raw = readWorkflowFiles().get(file);
  if (raw === undefined) throw new Error(`${file} is not in .github/workflows`);
  return workflowSchema.parse(raw);
}

/** The events a workflow runs on, with their filters. */
export function triggersOf(workflow: Workflow): Map<string, unknown> {
  const on = workflow.on;
  if (typeof on === "string") return new Map([[on, null]]);
  if (Array.isArray(on)) return new Map(on.map((e) => [e, null]));
  return new Map(Object.entries(on));
}

/** Steps that use `action` (e.g. "pulumi/actions"), whatever the version. */
export function stepsUsing(job: Job, action: string): Step[] {
  return job.steps.filter((s) => s.uses?.split("@")[0] === action);
}

/** `${{ env.NAME }}` resolved against the step, job and workflow env, innermost first. */
export function resolveEnv(value: string, workflow: Workflow, job: Job, step?: Step): string {
  return value.replace(/\$\{\{\s*env\.(\w+)\s*\}\}/g, (whole, name: string) => {
    const found = step?.env?.[name] ?? job.env?.[name] ?? workflow.env?.[name];
    return found === undefined ? whole : String(found);
  });
}

/** A GitHub expression as written in a workflow: `gh("matrix.stack")` is `${{ matrix.stack }}`. */
export const gh = (inner: string): string => `\${{ ${inner} }}`;

/** True when `value` (as YAML gives it) means true: `true` or `"true"`. */
export const isTrue = (value: unknown): boolean => value === true || value === "true";

/** Everything a job says, as text, to look for expressions such as `secrets.X` in. */
export const textOf = (value: unknown): string => JSON.stringify(value);
