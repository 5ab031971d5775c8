export type { QStashSimulatorMessage, QStashSimulatorMessageState } from "./delivery-queue.js";
export * from "./server.js";
export * from "./sign.js";
