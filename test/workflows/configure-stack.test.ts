// Runs .github/scripts/configure-stack.sh against a stand-in `pulumi` on PATH that records each call's
// arguments and standard input, so the test sees exactly what the real CLI would be asked.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { REPO_ROOT } from "./support/workflow.js";

const SCRIPT = join(REPO_ROOT, ".github", "scripts", "configure-stack.sh");
const dir = mkdtempSync(join(tmpdir(), "fake-pulumi-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

writeFileSync(
  join(dir, "pulumi"),
  `#!/usr/bin/env bash
stdin="$(cat)"
printf '%s\\t%s\\n' "$*" "$(printf '%s' "$stdin" | base64 -w0)" >> "$FAKE_PULUMI_LOG"
`,
);
chmodSync(join(dir, "pulumi"), 0o755);

const SECRETS = {
  UPSTASH_API_KEY: "upstash-management-key",
  QSTASH_TOKEN: "qstash-token-value",
  QSTASH_CURRENT_SIGNING_KEY: "sig_current value with spaces",
  QSTASH_NEXT_SIGNING_KEY: "sig_next'$(touch /tmp/pwned)'",
  KLAP_API_KEY: "klap-key-value",
};
const ACCOUNT = { UPSTASH_EMAIL: "ops@example.com", VERCEL_TEAM: "acme" };

function run(args: string[], env: Record<string, string>) {
  const log = join(dir, `log-${Math.random().toString(16).slice(2)}`);
  writeFileSync(log, "");
  const result = spawnSync("bash", [SCRIPT, ...args], {
    env: { PATH: `${dir}:${process.env.PATH}`, FAKE_PULUMI_LOG: log, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
  const calls = readFileSync(log, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [argv = "", stdin = ""] = line.split("\t");
      return { args: argv, stdin: Buffer.from(stdin, "base64").toString("utf8") };
    });
  return { status: result.status, stderr: result.stderr, calls };
}

const secretCall = (stack: string, key: string, stdin: string) => ({
  args: `config set --stack ${stack} --secret ${key}`,
  stdin,
});

describe("configure-stack.sh", () => {
  test("creates a review stack when asked, then sets account details and secret config", () => {
    const { status, calls } = run(["--create", "pr-7"], { ...ACCOUNT, ...SECRETS });
    expect(status).toBe(0);
    expect(calls).toEqual([
      { args: "login", stdin: "" },
      { args: "stack select --create pr-7", stdin: "" },
      { args: "config set --stack pr-7 upstash:email ops@example.com", stdin: "" },
      secretCall("pr-7", "upstash:apiKey", SECRETS.UPSTASH_API_KEY),
      { args: "config set --stack pr-7 vercel:team acme", stdin: "" },
      secretCall("pr-7", "inflio-jobs:qstashToken", SECRETS.QSTASH_TOKEN),
      secretCall("pr-7", "inflio-jobs:qstashCurrentSigningKey", SECRETS.QSTASH_CURRENT_SIGNING_KEY),
      secretCall("pr-7", "inflio-jobs:qstashNextSigningKey", SECRETS.QSTASH_NEXT_SIGNING_KEY),
      secretCall("pr-7", "inflio-jobs:klapApiKey", SECRETS.KLAP_API_KEY),
    ]);
  });

  test("selects an existing stack without creating it, and skips vercel:team for a personal account", () => {
    const { status, calls } = run(["prod"], { UPSTASH_EMAIL: "ops@example.com", ...SECRETS });
    expect(status).toBe(0);
    expect(calls[1]).toEqual({ args: "stack select prod", stdin: "" });
    expect(calls.map((c) => c.args)).not.toContainEqual(expect.stringContaining("vercel:team"));
  });

  test("never puts a secret on a command line", () => {
    const { calls } = run(["--create", "pr-7"], { ...ACCOUNT, ...SECRETS });
    for (const value of Object.values(SECRETS)) {
      for (const call of calls) expect(call.args).not.toContain(value);
    }
  });

  test("names every missing secret and calls pulumi not at all", () => {
    const { status, stderr, calls } = run(["dev"], { QSTASH_TOKEN: "t", KLAP_API_KEY: "k" });
    expect(status).toBe(1);
    expect(stderr).toContain(
      "set the repository secrets UPSTASH_EMAIL UPSTASH_API_KEY QSTASH_CURRENT_SIGNING_KEY QSTASH_NEXT_SIGNING_KEY",
    );
    expect(calls).toEqual([]);
  });
});
