import * as pulumi from "@pulumi/pulumi";
import { dropStack } from "../drop-stack.js";

/** One bad config value: the full key (`inflio-jobs:cronSchedule`) and what is wrong with it. */
export interface ConfigProblem {
  key: string;
  message: string;
}

/**
 * Invalid stack config. A `RunError`, so `pulumi preview` prints the message without a stack trace.
 * The message names every bad key and never holds a secret value.
 */
export class StackConfigError extends pulumi.RunError {
  override name = "StackConfigError";
  /** Full config keys that are missing or invalid (`inflio-jobs:maxDurationSeconds`). */
  readonly keys: string[];

  constructor(project: string, stack: string, problems: ConfigProblem[]) {
    const lines = problems.map((p) => `- ${p.key}: ${p.message}`);
    super(
      `Invalid stack config for ${project}/${stack} (fix it with \`pulumi config set\`, then preview again):\n${lines.join("\n")}`,
    );
    this.keys = [...new Set(problems.map((p) => topLevelKey(p.key)))];
    dropStack(this);
  }
}

function topLevelKey(key: string): string {
  return key.split(".")[0]!;
}
