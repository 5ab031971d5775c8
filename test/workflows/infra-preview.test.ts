import { describe, expect, test } from "vitest";
import { gh, isTrue, loadWorkflow, stepsUsing, triggersOf } from "./support/workflow.js";

const preview = loadWorkflow("infra-preview.yml");
const job = preview.jobs.preview!;
const pulumi = stepsUsing(job, "pulumi/actions").find((s) => s.with?.command === "preview");

describe("infra-preview.yml", () => {
  test("runs for pull requests only", () => {
    expect([...triggersOf(preview).keys()]).toEqual(["pull_request"]);
  });

  test("previews dev and prod, one matrix leg each, without cancelling the other on failure", () => {
    expect(job.strategy?.matrix.stack).toEqual(["dev", "prod"]);
    expect(job.strategy?.["fail-fast"]).toBe(false);
    expect(pulumi?.with).toMatchObject({ command: "preview", "stack-name": gh("matrix.stack") });
    expect(isTrue(pulumi?.with?.diff)).toBe(true);
  });

  test("runs the policy pack, so a mandatory violation fails the check", () => {
    expect(pulumi?.with?.policyPacks).toBe(`${gh("github.workspace")}/infra/policy`);
    expect(pulumi?.["continue-on-error"]).toBeUndefined();
  });

  test("posts one comment per stack and edits it on every push", () => {
    expect(isTrue(pulumi?.with?.["comment-on-pr"])).toBe(true);
    expect(isTrue(pulumi?.with?.["edit-pr-comment"])).toBe(true);
  });

  test("turns that comment into a failure note when the preview fails", () => {
    const [note] = stepsUsing(job, "actions/github-script");
    expect(note?.if).toBe("failure() && steps.preview.outcome == 'failure'");
    expect(pulumi?.id).toBe("preview");
    expect(note?.with?.script).toMatch(/markPreviewFailed/);
  });
});
