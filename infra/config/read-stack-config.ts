// The edge: reads the stack's config from the Pulumi runtime, parses it, and turns the secret values
// into Pulumi secrets before anything else can touch them.
import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig, SECRET_KEYS, type StackConfig } from "./stack-config.js";

/** The stack's config; secrets are `Output`s marked secret. Throws `StackConfigError` when invalid. */
export function readStackConfig(): StackConfig<pulumi.Output<string>> {
  const parsed = parseStackConfig({
    project: pulumi.getProject(),
    stack: pulumi.getStack(),
    organization: pulumi.getOrganization(),
    // Raw values, secrets decrypted: reading them through `pulumi.Config` would warn on every secret.
    values: pulumi.runtime.allConfig(),
    env: process.env,
  });
  const secrets = Object.fromEntries(
    SECRET_KEYS.map((key) => [key, pulumi.secret(parsed.secrets[key])]),
  ) as Record<(typeof SECRET_KEYS)[number], pulumi.Output<string>>;
  return { ...parsed, secrets };
}
