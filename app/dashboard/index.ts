export * from "./actions.js";
export * from "./api.js";
export * from "./assets.js";
export * from "./guard.js";
export * from "./job-view.js";
export * from "./redact.js";
