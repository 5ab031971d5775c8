export {
  type BuildSettings,
  BuildSettingsError,
  MAX_DURATION_CEILING,
  parseBuildSettings,
} from "./build-settings.js";
export {
  type BuildVercelOutputOptions,
  type BuildVercelOutputResult,
  type BuiltFunction,
  buildVercelOutput,
} from "./build-vercel-output.js";
export { bundleHandler, PROJECT_ROOT } from "./bundle-handler.js";
export { cronScheduleProblem } from "./cron-schedule.js";
export { CRON_PATH, type FunctionSpec, functionLayout, WORKER_PATH } from "./function-layout.js";
export {
  HANDLER_FILE,
  NODE_RUNTIME,
  type NodeFunctionConfig,
  type VercelConfig,
} from "./output-config.js";
export { TypeCheckError, typeCheck } from "./type-check.js";
