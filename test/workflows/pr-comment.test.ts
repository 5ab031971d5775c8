// .github/scripts/pr-comment.cjs against a stand-in for github-script's Octokit client that keeps the
// PR's comments in memory.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { REPO_ROOT } from "./support/workflow.js";

interface Comment {
  id: number;
  body: string;
}
type CommentArgs = { github: FakeGitHub; context: typeof context; stack: string };
const prComment = createRequire(import.meta.url)(
  join(REPO_ROOT, ".github", "scripts", "pr-comment.cjs"),
) as {
  markPreviewFailed(args: CommentArgs & { project: string }): Promise<string>;
  reviewStackUp(args: CommentArgs & { appUrl: string }): Promise<string>;
  reviewStackDestroyed(args: CommentArgs): Promise<string>;
  projectName(path: string): string;
};

const context = {
  repo: { owner: "acme", repo: "inflio-jobs" },
  payload: { pull_request: { number: 7, head: { sha: "0123456789abcdef" } } },
  serverUrl: "https://github.com",
  runId: 99,
};

class FakeGitHub {
  comments: Comment[] = [];
  private nextId = 1;
  rest = {
    issues: {
      listComments: () => {
        throw new Error("call through paginate");
      },
      createComment: async ({ issue_number, body }: { issue_number: number; body: string }) => {
        expect(issue_number).toBe(7);
        this.comments.push({ id: this.nextId++, body });
      },
      updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => {
        const comment = this.comments.find((c) => c.id === comment_id);
        if (!comment) throw new Error(`no comment ${comment_id}`);
        comment.body = body;
      },
    },
  };
  async paginate(method: unknown, params: { issue_number: number }) {
    expect(method).toBe(this.rest.issues.listComments);
    expect(params.issue_number).toBe(7);
    return this.comments.map((c) => ({ ...c }));
  }
}

const dir = mkdtempSync(join(tmpdir(), "pr-comment-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("pr-comment", () => {
  test("keeps one review stack comment, first with the app URL, then saying it is gone", async () => {
    const github = new FakeGitHub();
    github.comments.push({ id: 100, body: "LGTM" });
    const up = { github, context, stack: "pr-7", appUrl: "https://inflio-jobs-pr-7.vercel.app" };
    expect(await prComment.reviewStackUp(up)).toBe("created");
    expect(await prComment.reviewStackUp(up)).toBe("updated");
    expect(github.comments).toHaveLength(2);
    expect(github.comments[1]?.body).toContain("**App:** https://inflio-jobs-pr-7.vercel.app");
    expect(github.comments[1]?.body).toContain(
      "Updated for 0123456 by [this run](https://github.com/acme/inflio-jobs/actions/runs/99)",
    );
    expect(await prComment.reviewStackDestroyed({ github, context, stack: "pr-7" })).toBe(
      "updated",
    );
    expect(github.comments[1]?.body).toMatch(/Destroyed and removed when the PR closed/);
    expect(github.comments[0]?.body).toBe("LGTM");
  });

  test("says so when the stack has no appUrl output", async () => {
    const github = new FakeGitHub();
    await prComment.reviewStackUp({ github, context, stack: "pr-7", appUrl: "" });
    expect(github.comments[0]?.body).toMatch(/no `appUrl` output/);
  });

  test("replaces pulumi/actions' own preview comment for the failed stack only", async () => {
    const github = new FakeGitHub();
    // The body pulumi/actions v6 writes (src/libs/pr.ts), which it finds again by heading and summary.
    const pulumiComment = (stack: string) =>
      `#### :tropical_drink: \`preview\` on inflio-jobs/${stack}\n\n<details>\n<summary>Pulumi report</summary>\n<pre>\n+ 3 to create\n</pre>\n</details>`;
    github.comments.push(
      { id: 1, body: pulumiComment("dev") },
      { id: 2, body: pulumiComment("prod") },
    );
    const result = await prComment.markPreviewFailed({
      github,
      context,
      stack: "prod",
      project: "inflio-jobs",
    });
    expect(result).toBe("updated");
    expect(github.comments[0]?.body).toBe(pulumiComment("dev"));
    expect(github.comments[1]?.body).toMatch(
      /^#### :tropical_drink: `preview` on inflio-jobs\/prod\n/,
    );
    expect(github.comments[1]?.body).toContain("<summary>Pulumi report</summary>");
    expect(github.comments[1]?.body).toContain(":x: **The preview failed**");
  });

  test("reads the project name pulumi/actions puts in its heading from Pulumi.yaml", () => {
    const file = join(dir, "Pulumi.yaml");
    writeFileSync(file, "# the program\nname: inflio-jobs\nruntime:\n  name: nodejs\n");
    expect(prComment.projectName(file)).toBe("inflio-jobs");
    writeFileSync(file, "runtime: nodejs\n");
    expect(() => prComment.projectName(file)).toThrow(/has no top-level name/);
  });
});
