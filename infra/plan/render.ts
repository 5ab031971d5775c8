// Renders a mock run as Markdown that is stable from run to run (sorted, no timestamps, secrets
// masked), so a committed copy shows any change to the infrastructure in a PR's diff.
import * as pulumi from "@pulumi/pulumi";
import { type MockRun, type RecordedResource, Secret } from "./mock-runtime.js";

export const SECRET_MASK = "[secret]";

export async function renderPlan(run: MockRun, stack: string, project: string): Promise<string> {
  const out: string[] = [];
  out.push(
    `# Offline plan: ${project}/${stack}`,
    "",
    `\`npm run plan -- ${stack}\` runs the Pulumi program under Pulumi's mock runtime with`,
    `\`Pulumi.${stack}.yaml\` (defaults where there is none) and placeholder secrets, and lists what the`,
    "engine would be asked for. Ids and provider-computed values are made up; `[secret]` marks a",
    "Pulumi secret. `npm test` compares this with the committed copy in `test/infra/snapshots/`;",
    "refresh that with `npx vitest run test/infra -u`.",
    "",
  );
  out.push(...renderBuild(run), ...renderResources(run.resources));
  out.push("## Data sources", "");
  for (const invoke of run.invokes) {
    out.push(`- \`${invoke.token}\` ${inlineJson(invoke.args)}`);
  }
  out.push("", "## Stack outputs", "", "| Output | Value |", "| --- | --- |");
  for (const [key, value] of Object.entries(run.outputs).sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`| \`${key}\` | ${await renderOutput(value)} |`);
  }
  return `${out.join("\n")}\n`;
}

function renderBuild(run: MockRun): string[] {
  const out = ["## Build", ""];
  for (const build of run.builds) {
    out.push(
      "`npm run build` in the repository root, with:",
      "",
      "| Variable | Value |",
      "| --- | --- |",
    );
    for (const [key, value] of Object.entries(build.env).sort(([a], [b]) => a.localeCompare(b))) {
      out.push(`| \`${key}\` | \`${value}\` |`);
    }
    const config = [...run.cloud.bundles.values()][0]?.get("config.json");
    if (config)
      out.push(
        "",
        "It writes `.vercel/output/config.json`:",
        "",
        "```json",
        config.trimEnd(),
        "```",
      );
    out.push("");
  }
  return out;
}

function renderResources(resources: RecordedResource[]): string[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const children = new Map<string | undefined, RecordedResource[]>();
  for (const r of resources) {
    const parent = r.parent && byUrn.has(r.parent) ? r.parent : undefined;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name));

  const ordered: RecordedResource[] = [];
  const tree: string[] = [];
  const walk = (parent: string | undefined, indent: string) => {
    for (const r of children.get(parent) ?? []) {
      ordered.push(r);
      tree.push(`${indent}${r.name}  (${r.type}${r.read ? ", read" : ""})`);
      walk(r.urn, `${indent}  `);
    }
  };
  walk(undefined, "");

  const out = [`## Resources (${resources.length})`, "", "```text", ...tree, "```", ""];
  for (const r of ordered) {
    out.push(`### ${r.name}`, "", `- Type: \`${r.type}\``);
    const parent = r.parent ? byUrn.get(r.parent) : undefined;
    if (parent) out.push(`- Parent: \`${parent.name}\``);
    const options = resourceOptions(r);
    if (options.length > 0) out.push(`- Options: ${options.join(", ")}`);
    const deps = r.dependencies
      .map((urn) => byUrn.get(urn)?.name ?? urn)
      .filter((name) => name !== parent?.name)
      .sort();
    if (deps.length > 0) out.push(`- Depends on: ${deps.map((d) => `\`${d}\``).join(", ")}`);
    out.push("", "```json", JSON.stringify(masked(r.inputs), null, 2), "```", "");
  }
  return out;
}

function resourceOptions(r: RecordedResource): string[] {
  const options: string[] = [];
  if (r.protect) options.push("`protect`");
  if (r.retainOnDelete) options.push("`retainOnDelete`");
  if (r.deleteBeforeReplace) options.push("`deleteBeforeReplace`");
  if (r.additionalSecretOutputs.length > 0) {
    const names = [...new Set(r.additionalSecretOutputs)].sort();
    options.push(`\`additionalSecretOutputs: ${names.join(", ")}\``);
  }
  return options;
}

async function renderOutput(value: unknown): Promise<string> {
  if (!pulumi.Output.isInstance(value)) return `\`${String(value)}\``;
  const output = value as pulumi.Output<unknown>;
  if (await pulumi.isSecret(output)) return SECRET_MASK;
  const resolved = await new Promise((resolve) => output.apply(resolve));
  return `\`${typeof resolved === "string" ? resolved : JSON.stringify(resolved)}\``;
}

function inlineJson(value: unknown): string {
  return `\`${JSON.stringify(masked(value))}\``;
}

/** Secrets masked, object keys sorted. */
export function masked(value: unknown): unknown {
  if (value instanceof Secret) return SECRET_MASK;
  if (Array.isArray(value)) return value.map(masked);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, masked((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
