// PR comments the Pulumi workflows keep up to date, for actions/github-script:
//   const comments = require("./.github/scripts/pr-comment.cjs");
// Each comment is found again by how it starts and edited in place, so a PR carries one comment per
// purpose however often the workflow runs.
const { readFileSync } = require("node:fs");

const REVIEW_STACK_MARKER = "<!-- inflio-jobs:review-stack -->";
/** pulumi/actions v6 finds its own comment again by this summary plus its heading (src/libs/pr.ts). */
const PULUMI_ACTIONS_SUMMARY = "<summary>Pulumi report</summary>";

/** Edits the first comment `isOurs` accepts, or creates one. */
async function upsertComment({ github, context }, isOurs, body) {
  const { owner, repo } = context.repo;
  const issue_number = context.payload.pull_request.number;
  const comments = await github.paginate(github.rest.issues.listComments, {
    owner,
    repo,
    issue_number,
    per_page: 100,
  });
  const existing = comments.find((c) => typeof c.body === "string" && isOurs(c.body));
  if (existing) {
    await github.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
    return "updated";
  }
  await github.rest.issues.createComment({ owner, repo, issue_number, body });
  return "created";
}

function runUrl(context) {
  return `${context.serverUrl}/${context.repo.owner}/${context.repo.repo}/actions/runs/${context.runId}`;
}

/** The Pulumi project name, which pulumi/actions puts in its comment heading. */
function projectName(pulumiYaml = "Pulumi.yaml") {
  const match = /^name:\s*["']?([^"'\s#]+)/m.exec(readFileSync(pulumiYaml, "utf8"));
  if (!match) throw new Error(`${pulumiYaml} has no top-level name`);
  return match[1];
}

/** Replaces pulumi/actions' preview comment for `stack` with a failure note (it posts none itself). */
function markPreviewFailed({ github, context, stack, project = projectName() }) {
  const heading = `#### :tropical_drink: \`preview\` on ${project}/${stack}`;
  const body = [
    heading,
    "",
    "<details>",
    PULUMI_ACTIONS_SUMMARY,
    "",
    `:x: **The preview failed**, on a mandatory policy violation or an error. See [the run log](${runUrl(context)}).`,
    "</details>",
  ].join("\n");
  return upsertComment(
    { github, context },
    (text) => text.startsWith(heading) && text.includes(PULUMI_ACTIONS_SUMMARY),
    body,
  );
}

/** Posts or refreshes the review stack's URL. */
function reviewStackUp({ github, context, stack, appUrl }) {
  const url = appUrl
    ? `**App:** ${appUrl}`
    : ":warning: The stack has no `appUrl` output; see the run log.";
  const sha = context.payload.pull_request.head.sha.slice(0, 7);
  const body = [
    REVIEW_STACK_MARKER,
    `### Review stack \`${stack}\``,
    "",
    url,
    "",
    `Updated for ${sha} by [this run](${runUrl(context)}). It is destroyed when the PR closes.`,
  ].join("\n");
  return upsertComment({ github, context }, (text) => text.startsWith(REVIEW_STACK_MARKER), body);
}

/** Notes on the same comment that the stack is gone. */
function reviewStackDestroyed({ github, context, stack }) {
  const body = [
    REVIEW_STACK_MARKER,
    `### Review stack \`${stack}\``,
    "",
    `Destroyed and removed when the PR closed ([run](${runUrl(context)})).`,
  ].join("\n");
  return upsertComment({ github, context }, (text) => text.startsWith(REVIEW_STACK_MARKER), body);
}

module.exports = {
  REVIEW_STACK_MARKER,
  markPreviewFailed,
  projectName,
  reviewStackDestroyed,
  reviewStackUp,
  upsertComment,
};
