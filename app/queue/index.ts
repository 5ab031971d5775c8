export * from "./backoff.js";
export * from "./errors.js";
export * from "./job.js";
export * from "./keys.js";
export * from "./queue.js";
