export {
  DEFAULT_MAX_DURATION,
  type HostedFunction,
  type HostedOutput,
  readBuildOutput,
} from "./build-output.js";
export { routeRequest } from "./route-request.js";
export { startVercelHost, type VercelHost, type VercelHostOptions } from "./start-vercel-host.js";
