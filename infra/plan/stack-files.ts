// Config for an offline run, read from the real project and stack files, with placeholders for the
// values no committed file holds (account details and secrets).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { REPO_ROOT } from "../bundle/build.js";
import type { MockRunOptions } from "./mock-runtime.js";

/** Stand-ins for what `pulumi config set` adds per stack; secret ones are marked secret. */
export function placeholderConfig(project: string): {
  values: Record<string, string>;
  secretKeys: string[];
} {
  const secrets: Record<string, string> = {
    "upstash:apiKey": "placeholder-upstash-api-key",
    "vercel:apiToken": "placeholder-vercel-api-token",
    [`${project}:qstashToken`]: "placeholder-qstash-token",
    [`${project}:qstashCurrentSigningKey`]: "sig_placeholderCurrentSigningKey",
    [`${project}:qstashNextSigningKey`]: "sig_placeholderNextSigningKey",
    [`${project}:klapApiKey`]: "placeholder-klap-api-key",
  };
  return {
    values: { "upstash:email": "ops@example.com", ...secrets },
    secretKeys: Object.keys(secrets),
  };
}

/** Run options for a stack: `Pulumi.<stack>.yaml` if there is one (pr-<n> stacks have none). */
export function stackRunOptions(stack: string, root: string = REPO_ROOT): MockRunOptions {
  const project = String(parse(readFileSync(join(root, "Pulumi.yaml"), "utf8")).name);
  const file = join(root, `Pulumi.${stack}.yaml`);
  const stackFile = existsSync(file) ? (parse(readFileSync(file, "utf8")) ?? {}) : {};
  const placeholders = placeholderConfig(project);

  const values: Record<string, string> = {};
  for (const [rawKey, value] of Object.entries<unknown>(stackFile.config ?? {})) {
    const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
    // Encrypted values cannot be read offline; the placeholder stands in.
    if (isSecure(value)) continue;
    // The CLI hands structured values to the program as JSON text, scalars as their text.
    values[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return {
    project,
    stack,
    config: { ...placeholders.values, ...values },
    secretKeys: placeholders.secretKeys,
  };
}

function isSecure(value: unknown): boolean {
  return typeof value === "object" && value !== null && "secure" in value;
}
