// `npm run bench`: every benchmark in turn; each prints its figures and writes bench/results/*.json.
import { benchQueue } from "./queue.js";

const benches: [string, () => Promise<unknown>][] = [["queue", benchQueue]];
const only = process.argv.slice(2);
for (const [name, run] of benches) {
  if (only.length && !only.includes(name)) continue;
  await run();
}
