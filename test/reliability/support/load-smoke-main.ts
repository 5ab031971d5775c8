// Child-process entry of the load smoke (see ../load-smoke.test.ts): one small load run of the whole
// local system; the result is the last line, after `RESULT `.
import { runLoad } from "../../../bench/load.js";
import { buildIntoTemp } from "../../../bench/support.js";

const build = await buildIntoTemp();
try {
  const run = await runLoad(build.outputDir, { clients: 10, seconds: 5, drainSeconds: 60 });
  process.stdout.write(`RESULT ${JSON.stringify(run)}\n`);
} finally {
  await build.remove();
}
