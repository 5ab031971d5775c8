// The offline plan of each stack, compared with the copy committed under test/infra/snapshots/: a
// change to the infrastructure shows in the PR's diff even without cloud credentials.
import { beforeAll, describe, expect, test } from "vitest";
import { type MockRun, runUnderMocks, Secret, unwrap } from "../../../infra/plan/mock-runtime.js";
import { masked, renderPlan, SECRET_MASK } from "../../../infra/plan/render.js";
import { placeholderConfig, stackRunOptions } from "../../../infra/plan/stack-files.js";

describe.each(["dev", "prod", "pr-123"])("the plan of stack %s", (stack) => {
  const options = stackRunOptions(stack);
  let run: MockRun;
  let plan: string;
  beforeAll(async () => {
    run = await runUnderMocks(options);
    plan = await renderPlan(run, stack, options.project);
  });

  test("matches the committed snapshot", async () => {
    await expect(plan).toMatchFileSnapshot(`../snapshots/${stack}.md`);
  });

  test("shows no secret value, only the mask", async () => {
    const secretValues = placeholderConfig(options.project).secretKeys.map(
      (k) => options.config[k]!,
    );
    const { queueApiToken, workerSecret, cronSecret } = run.outputs;
    const tokens = await Promise.all([queueApiToken, workerSecret, cronSecret].map(unwrap));
    for (const value of [...secretValues, ...tokens]) expect(plan).not.toContain(value);
    expect(plan).toContain(SECRET_MASK);
  });
});

describe("masked", () => {
  test("hides secrets at any depth and sorts keys", () => {
    expect(masked({ b: [new Secret("x")], a: { c: new Secret({ d: 1 }) } })).toEqual({
      a: { c: SECRET_MASK },
      b: [SECRET_MASK],
    });
    expect(Object.keys(masked({ b: 1, a: 2 }) as object)).toEqual(["a", "b"]);
  });
});
