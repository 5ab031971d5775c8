// `npm run plan -- <stack>`: the resource graph of one stack as Markdown, computed offline (no
// Pulumi CLI, no cloud credentials) by running the program under Pulumi's mock runtime.
import { runUnderMocks } from "./mock-runtime.js";
import { renderPlan } from "./render.js";
import { stackRunOptions } from "./stack-files.js";

const stack = process.argv[2];
if (!stack) {
  console.error("Usage: npm run plan -- <stack>   (e.g. dev, prod, pr-123)");
  process.exit(2);
}

try {
  const options = stackRunOptions(stack);
  const run = await runUnderMocks(options);
  process.stdout.write(await renderPlan(run, stack, options.project));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
