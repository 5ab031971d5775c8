import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadWorkflow, REPO_ROOT, triggersOf } from "./support/workflow.js";

const ci = loadWorkflow("ci.yml");
const ciRun = readFileSync(join(REPO_ROOT, ".ci", "run"), "utf8");

describe("ci.yml", () => {
  test("runs on every push and every pull request", () => {
    const triggers = triggersOf(ci);
    expect([...triggers.keys()].sort()).toEqual(["pull_request", "push"]);
    expect(triggers.get("push")).toBeNull();
    expect(triggers.get("pull_request")).toBeNull();
  });

  test("runs .ci/run, the same entry point and test command as local CI", () => {
    const steps = Object.values(ci.jobs).flatMap((job) => job.steps);
    expect(steps.map((s) => s.run).filter(Boolean)).toEqual(["bash .ci/run"]);
    // What .ci/run ends with is what CI tests with: npm ci, then npm test.
    const commands = ciRun.split("\n").filter((line) => /^npm /.test(line));
    expect(commands).toEqual(["npm ci --no-audit --no-fund", "npm test"]);
  });

  test("gives .ci/run the Debian machine it expects, root apt-get included, with Node 22", () => {
    const [job] = Object.values(ci.jobs);
    expect(job?.container).toBe("node:22-bookworm");
    expect(ciRun).toMatch(/apt-get install .*"\$\{need_apt\[@\]\}"/);
    expect(ciRun).toMatch(/need_apt\+=\(redis-server\)/);
  });
});
