// `pulumi stack output` and the state file show any output that is not a secret in plaintext, and
// CI logs print outputs after every update. An output named like a token or key must therefore be a
// Pulumi secret. See lib/known-secrets.ts for how secretness is recognised despite the policy SDK
// unwrapping secrets.
import type { StackValidationPolicy } from "@pulumi/policy";
import { isKnownSecret, knownSecretValues, read, STACK_TYPE } from "../lib/known-secrets.js";
import { looksSecret } from "../lib/secret-names.js";

export const stackOutputsSecret: StackValidationPolicy = {
  name: "stack-outputs-secret",
  description:
    "Stack outputs whose names look secret (TOKEN, SECRET, KEY, PASSWORD) must be Pulumi secrets.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Export a resource output that Pulumi keeps secret (listed in additionalSecretOutputs), or stop exporting the value.",
  validateStack: (args, reportViolation) => {
    const stack = args.resources.find((r) => r.type === STACK_TYPE && r.parent === undefined);
    if (!stack) return;
    const secrets = knownSecretValues(args.resources);
    for (const [path, value] of secretNamedOutputs(stack.props)) {
      if (isKnownSecret(value, secrets)) continue;
      reportViolation(
        `Stack output ${path} looks like a secret, but its value does not come from a secret resource output or secret StackReference output, so Pulumi may store and print it in plaintext. Export the secret output itself (e.g. the database's restToken), or stop exporting it.`,
        stack.urn,
      );
    }
  },
};

/** Outputs (and nested fields of outputs) whose name looks secret, with their dotted path. */
function* secretNamedOutputs(value: unknown, path = ""): Generator<[string, unknown]> {
  if (value === null || typeof value !== "object") return;
  for (const key of Object.keys(value)) {
    const child = read(value, key);
    const childPath = path ? `${path}.${key}` : key;
    if (looksSecret(key)) yield [childPath, child];
    else yield* secretNamedOutputs(child, childPath);
  }
}
