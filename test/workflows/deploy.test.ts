import { describe, expect, test } from "vitest";
import {
  type Job,
  loadWorkflow,
  readWorkflowFiles,
  stepsUsing,
  triggersOf,
  workflowSchema,
} from "./support/workflow.js";

const deploy = loadWorkflow("deploy.yml");

/** Stacks a job changes (`up` or `destroy`), by stack name. */
const stacksChangedBy = (job: Job) =>
  stepsUsing(job, "pulumi/actions")
    .filter((s) => s.with?.command === "up" || s.with?.command === "destroy")
    .map((s) => String(s.with?.["stack-name"]));

const environmentOf = (job: Job) =>
  typeof job.environment === "string" ? job.environment : job.environment?.name;

describe("deploy.yml", () => {
  test("runs on pushes to main and by hand, never for a pull request", () => {
    const triggers = triggersOf(deploy);
    expect([...triggers.keys()].sort()).toEqual(["push", "workflow_dispatch"]);
    expect(triggers.get("push")).toEqual({ branches: ["main"] });
  });

  test("updates dev from main", () => {
    const dev = deploy.jobs.dev!;
    expect(stacksChangedBy(dev)).toEqual(["dev"]);
    expect(dev.if).toBe("github.ref == 'refs/heads/main'");
  });

  test("updates prod only after dev, from main, behind the protected production environment", () => {
    const prod = deploy.jobs.prod!;
    expect(stacksChangedBy(prod)).toEqual(["prod"]);
    expect(prod.needs).toBe("dev");
    expect(prod.if).toBe("github.ref == 'refs/heads/main'");
    expect(environmentOf(prod)).toBe("production");
  });

  test("never lets two updates of one stack overlap or cancels one in flight", () => {
    for (const [id, job] of Object.entries(deploy.jobs)) {
      expect(job.concurrency, id).toEqual({ group: `pulumi-${id}`, "cancel-in-progress": false });
    }
  });

  test("no workflow anywhere changes prod on a pull request or without the environment", () => {
    for (const [file, raw] of readWorkflowFiles()) {
      const workflow = workflowSchema.parse(raw);
      for (const job of Object.values(workflow.jobs)) {
        if (!stacksChangedBy(job).includes("prod")) continue;
        expect(triggersOf(workflow).has("pull_request"), file).toBe(false);
        expect(triggersOf(workflow).has("pull_request_target"), file).toBe(false);
        expect(environmentOf(job), file).toBe("production");
      }
    }
  });
});
