import { describe, expect, test } from "vitest";
import {
  gh,
  isTrue,
  loadWorkflow,
  resolveEnv,
  stepsUsing,
  triggersOf,
} from "./support/workflow.js";

const review = loadWorkflow("review-stack.yml");
const up = review.jobs.up!;
const destroy = review.jobs.destroy!;
const pulumiStep = (job: typeof up, command: string) =>
  stepsUsing(job, "pulumi/actions").find((s) => s.with?.command === command);

describe("review-stack.yml", () => {
  test("runs on pull_request opened, synchronize, reopened and closed", () => {
    expect(triggersOf(review).get("pull_request")).toEqual({
      types: ["opened", "synchronize", "reopened", "closed"],
    });
  });

  test("names the stack pr-<number>", () => {
    expect(review.env?.STACK).toBe(`pr-${gh("github.event.pull_request.number")}`);
    for (const [job, command] of [
      [up, "up"],
      [destroy, "destroy"],
    ] as const) {
      const step = pulumiStep(job, command);
      expect(resolveEnv(String(step?.with?.["stack-name"]), review, job, step)).toBe(
        `pr-${gh("github.event.pull_request.number")}`,
      );
    }
  });

  test("runs one job per PR at a time and never cancels one, so destroy waits for an update", () => {
    expect(review.concurrency).toEqual({
      group: `review-stack-${gh("github.event.pull_request.number")}`,
      "cancel-in-progress": false,
    });
  });

  test("creates or updates the stack while the PR is open, with its config set first", () => {
    expect(up.if).toMatch(/^github\.event\.action != 'closed' && /);
    const step = pulumiStep(up, "up")!;
    expect(isTrue(step.with?.upsert)).toBe(true);
    const configure = up.steps.findIndex((s) => s.run?.includes("configure-stack.sh --create"));
    expect(configure).toBeGreaterThan(-1);
    expect(configure).toBeLessThan(up.steps.indexOf(step));
  });

  test("comments the stack's appUrl output", () => {
    const [comment] = stepsUsing(up, "actions/github-script");
    expect(pulumiStep(up, "up")?.id).toBe("up");
    expect(comment?.env?.APP_URL).toBe(gh("steps.up.outputs.appUrl"));
    expect(comment?.with?.script).toMatch(/reviewStackUp\(.*appUrl: process\.env\.APP_URL/);
  });

  test("destroys and removes the stack when the PR closes, merged or not", () => {
    expect(destroy.if).toMatch(/^github\.event\.action == 'closed' && /);
    expect(String(destroy.if)).not.toMatch(/merged/);
    const step = pulumiStep(destroy, "destroy")!;
    expect(isTrue(step.with?.remove)).toBe(true);
    expect(pulumiStep(destroy, "up")).toBeUndefined();
  });
});
