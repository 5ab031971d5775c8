// Runs `tsc --noEmit -p tsconfig.json` in the project, as `npm run typecheck` does.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

export class TypeCheckError extends Error {
  override name = "TypeCheckError";
}

/** Resolves when the project type-checks; tsc's report goes to this process's stdout/stderr. */
export async function typeCheck(projectRoot: string): Promise<void> {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, "--noEmit", "-p", "tsconfig.json"], {
      cwd: projectRoot,
      stdio: "inherit",
    });
    child.once("error", reject);
    child.once("exit", resolve);
  });
  if (code !== 0) {
    throw new TypeCheckError(`Type-check failed (tsc exited with ${code}); nothing was built.`);
  }
}
