// Invariants every workflow keeps, checked on every file in .github/workflows. The rules live in
// small functions so each is also shown to catch a bad workflow, not only to pass good ones.
import { describe, expect, test } from "vitest";
import {
  gh,
  isTrue,
  type Job,
  readWorkflowFiles,
  type Step,
  stepsUsing,
  textOf,
  triggersOf,
  type Workflow,
  workflowSchema,
} from "./support/workflow.js";

const FORK_GUARD = "github.event.pull_request.head.repo.full_name == github.repository";
const PR_EVENTS = ["pull_request", "pull_request_target"];

const workflows = [...readWorkflowFiles()].map(([file, raw]) => ({
  file,
  raw,
  workflow: workflowSchema.safeParse(raw),
}));
const parsed = () =>
  workflows.map(({ file, workflow }) => ({ file, workflow: workflowSchema.parse(workflow.data) }));

/** Checks out the PR's own head commit, which under pull_request_target runs untrusted code with secrets. */
function checksOutPullRequestHead(step: Step): boolean {
  if (step.uses?.split("@")[0] !== "actions/checkout") return false;
  const ref = String(step.with?.ref ?? "") + String(step.with?.repository ?? "");
  return /github\.event\.pull_request\.head|github\.head_ref|refs\/pull\//.test(ref);
}

function runsOnPullRequests(workflow: Workflow): boolean {
  return PR_EVENTS.some((e) => triggersOf(workflow).has(e));
}

/** A job that can read repository secrets while running for a PR must skip forked PRs. */
function leaksSecretsToForks(workflow: Workflow, job: Job): boolean {
  return (
    runsOnPullRequests(workflow) &&
    textOf(job).includes("secrets.") &&
    !String(job.if ?? "").includes(FORK_GUARD)
  );
}

/** Steps that write to the PR: pulumi/actions comments, github-script calls. */
function commentsOnPullRequest(job: Job): boolean {
  return (
    stepsUsing(job, "pulumi/actions").some((s) => isTrue(s.with?.["comment-on-pr"])) ||
    stepsUsing(job, "actions/github-script").length > 0
  );
}

/** Write scopes a job holds, from its own permissions or the workflow's. */
function writeScopes(workflow: Workflow, job: Job): string[] {
  const perms = job.permissions ?? workflow.permissions;
  if (perms === undefined || perms === "write-all") return ["(all)"];
  if (perms === "read-all") return [];
  return Object.entries(perms)
    .filter(([, level]) => level === "write")
    .map(([scope]) => scope);
}

describe("every workflow", () => {
  test("there are the four workflows this repository runs", () => {
    expect(workflows.map((w) => w.file).sort()).toEqual([
      "ci.yml",
      "deploy.yml",
      "infra-preview.yml",
      "review-stack.yml",
    ]);
  });

  test.each(workflows)("$file matches the workflow schema", ({ workflow }) => {
    expect(workflow.error?.issues ?? []).toEqual([]);
  });

  test("the schema rejects a misspelt key and an unpinned action", () => {
    const bad = {
      name: "x",
      on: { push: null },
      jobs: { a: { runs_on: "ubuntu-latest", steps: [{ uses: "actions/checkout@main" }] } },
    };
    const issues = workflowSchema.safeParse(bad).error?.issues.map((i) => i.message) ?? [];
    expect(issues.join("\n")).toMatch(/runs_on|Unrecognized key/);
    expect(issues).toContain("pin actions to a major tag, e.g. @v4");
  });

  test("no workflow runs on pull_request_target and checks out the PR head", () => {
    for (const { file, workflow } of parsed()) {
      expect(triggersOf(workflow).has("pull_request_target"), file).toBe(false);
      for (const job of Object.values(workflow.jobs)) {
        expect(job.steps.some(checksOutPullRequestHead), file).toBe(false);
      }
    }
    const danger: Step = {
      uses: "actions/checkout@v4",
      with: { ref: gh("github.event.pull_request.head.sha") },
    };
    expect(checksOutPullRequestHead(danger)).toBe(true);
  });

  test("jobs that use secrets on pull requests skip forked PRs", () => {
    for (const { file, workflow } of parsed()) {
      for (const [id, job] of Object.entries(workflow.jobs)) {
        expect(leaksSecretsToForks(workflow, job), `${file} ${id}`).toBe(false);
      }
    }
    const unguarded = workflowSchema.parse({
      name: "x",
      on: { pull_request: null },
      jobs: {
        a: {
          "runs-on": "ubuntu-latest",
          steps: [{ run: "deploy", env: { TOKEN: gh("secrets.TOKEN") } }],
        },
      },
    });
    expect(leaksSecretsToForks(unguarded, unguarded.jobs.a!)).toBe(true);
  });

  test("permissions are declared, read-only by default, and write only to comment on PRs", () => {
    for (const { file, workflow } of parsed()) {
      expect(workflow.permissions, file).toEqual({ contents: "read" });
      for (const [id, job] of Object.entries(workflow.jobs)) {
        const expected = commentsOnPullRequest(job) ? ["pull-requests"] : [];
        expect(writeScopes(workflow, job), `${file} ${id}`).toEqual(expected);
      }
    }
  });

  test("scripts take data from env vars, never from GitHub expressions spliced into code", () => {
    for (const { file, workflow } of parsed()) {
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps) {
          const code = `${step.run ?? ""}${String(step.with?.script ?? "")}`;
          expect(code, `${file} ${step.name ?? step.uses}`).not.toMatch(/\$\{\{/);
        }
      }
    }
  });

  test("jobs that run npm set up Node 22 with the npm cache", () => {
    for (const { file, workflow } of parsed()) {
      for (const [id, job] of Object.entries(workflow.jobs)) {
        if (!job.steps.some((s) => /\bnpx? |\.ci\/run/.test(s.run ?? ""))) continue;
        const setup = stepsUsing(job, "actions/setup-node");
        expect(setup, `${file} ${id}`).toHaveLength(1);
        expect(setup[0]!.with, `${file} ${id}`).toMatchObject({ "node-version": 22, cache: "npm" });
        expect(stepsUsing(job, "actions/checkout")[0]?.uses, `${file} ${id}`).toBe(
          "actions/checkout@v4",
        );
      }
    }
  });

  test("every Pulumi command runs on a stack whose secrets were set first, from the repo root", () => {
    for (const { file, workflow } of parsed()) {
      for (const job of Object.values(workflow.jobs)) {
        for (const step of stepsUsing(job, "pulumi/actions").filter((s) => s.with?.command)) {
          expect(step.with?.["work-dir"], `${file}: Pulumi.yaml is at the root`).toBeUndefined();
          const configure = job.steps.findIndex((s) =>
            s.run?.includes(".github/scripts/configure-stack.sh"),
          );
          expect(configure, `${file} ${step.name}`).toBeGreaterThanOrEqual(0);
          expect(configure).toBeLessThan(job.steps.indexOf(step));
          const cli = job.steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@") && !s.with);
          expect(cli, `${file}: install the CLI before configuring`).toBeLessThan(configure);
          expect(cli).toBeGreaterThanOrEqual(0);
        }
      }
    }
  });

  test("every Pulumi step is pulumi/actions@v6, and every preview or up runs the policy pack", () => {
    for (const { file, workflow } of parsed()) {
      for (const job of Object.values(workflow.jobs)) {
        for (const step of stepsUsing(job, "pulumi/actions")) {
          expect(step.uses, file).toBe("pulumi/actions@v6");
          const command = step.with?.command;
          if (command !== "preview" && command !== "up") continue;
          expect(String(step.with?.policyPacks), `${file} ${step.name}`).toMatch(/infra\/policy$/);
          const bundle = job.steps.findIndex((s) => s.run?.includes("infra/policy/build.ts"));
          expect(bundle, `${file}: bundle the pack first`).toBeGreaterThanOrEqual(0);
          expect(bundle).toBeLessThan(job.steps.indexOf(step));
        }
      }
    }
  });
});
