// Everything infra takes from the app, in one place: the env schema the deployment must satisfy and
// the paths and cron rules the build uses. Importing them (not copying) keeps the two from drifting.
export {
  type AppEnv,
  envSchema,
  parseEnv,
  requiredEnvKeys,
  secretEnvKeys,
} from "../app/config/env.js";
export { cronScheduleProblem } from "../app/build/cron-schedule.js";
export { CRON_PATH, WORKER_PATH } from "../app/build/function-layout.js";
// The build's own settings parser and output writers: the offline plan uses them to show the
// `config.json` and `.vc-config.json` that `npm run build` writes for the env the program passes.
export { parseBuildSettings } from "../app/build/build-settings.js";
export { functionLayout } from "../app/build/function-layout.js";
export {
  HANDLER_FILE,
  nodeFunctionConfig,
  toJsonFile,
  vercelConfig,
} from "../app/build/output-config.js";
