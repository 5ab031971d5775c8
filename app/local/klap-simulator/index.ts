export * from "./server.js";
export type { KlapSimulatorRoute } from "./routes.js";
export type { KlapSimulatorStatusStyle } from "./status-names.js";
