export * from "./client.js";
export * from "./errors.js";
export * from "./schemas.js";
export * from "./status.js";
