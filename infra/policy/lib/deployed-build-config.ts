// Vercel crons live in the Build Output `config.json`, which a Deployment only lists as `path ->
// "size~sha1"`. This finds that file on disk and reads it only when size and SHA-1 match, so the
// cron policy judges exactly the bytes being deployed. Paths are relative to the Pulumi program's
// directory, which the policy process does not know: it runs in the pack's folder, so every ancestor
// of that folder is tried.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";

const CONFIG_PATH = /(?:^|[\\/])\.vercel[\\/]output[\\/]config\.json$/;
const FILE_META = /^(\d+)~([0-9a-f]{40})$/;

const buildOutputConfig = z.object({
  crons: z.array(z.object({ path: z.string(), schedule: z.string() })).default([]),
});

export type DeployedBuildConfig =
  | { found: true; file: string; crons: { path: string; schedule: string }[] }
  | { found: false; reason: string };

/** Reads the `config.json` among a Deployment's `files`, verified against its recorded hash. */
export function readDeployedBuildConfig(
  files: Record<string, string>,
  searchFrom: string = process.cwd(),
): DeployedBuildConfig {
  const entry = Object.entries(files).find(([path]) => CONFIG_PATH.test(path));
  if (!entry) return { found: false, reason: "the deployment ships no .vercel/output/config.json" };
  const [path, meta] = entry;
  const expected = FILE_META.exec(meta);
  if (!expected) return { found: false, reason: `"${meta}" for ${path} is not "size~sha1"` };
  for (const dir of ancestors(searchFrom)) {
    const file = resolve(dir, path);
    const content = readIfExists(file);
    if (!content || !matches(content, Number(expected[1]), expected[2]!)) continue;
    const parsed = buildOutputConfig.safeParse(parseJson(content));
    if (!parsed.success) return { found: false, reason: `${file} is not a Build Output config` };
    return { found: true, file, crons: parsed.data.crons };
  }
  return {
    found: false,
    reason: `no file matching ${path} (${meta}) was found from ${searchFrom} upwards; build before previewing`,
  };
}

function* ancestors(dir: string): Generator<string> {
  let current = resolve(dir);
  while (true) {
    yield current;
    const parent = dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

function readIfExists(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function parseJson(content: Buffer): unknown {
  try {
    return JSON.parse(content.toString("utf8"));
  } catch {
    return undefined;
  }
}

function matches(content: Buffer, size: number, sha1: string): boolean {
  return content.length === size && createHash("sha1").update(content).digest("hex") === sha1;
}
