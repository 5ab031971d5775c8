// Turns ioredis buffer replies into the JSON values Upstash's REST API returns.

export type RestValue = string | number | null | RestValue[];

/**
 * With `Upstash-Encoding: base64` every string in a result is base64 of its raw bytes (nested arrays
 * element by element); numbers and nulls stay as they are. The status reply `OK` is sent plain, as
 * Upstash does (the client special-cases it). Without the header strings are sent as UTF-8 text.
 */
export function encodeReply(reply: unknown, base64: boolean): RestValue {
  if (reply === null || reply === undefined) return null;
  if (typeof reply === "number") return reply;
  if (Buffer.isBuffer(reply)) {
    if (!base64) return reply.toString("utf8");
    return isOk(reply) ? "OK" : reply.toString("base64");
  }
  if (typeof reply === "string") {
    if (!base64 || reply === "OK") return reply;
    return Buffer.from(reply, "utf8").toString("base64");
  }
  if (Array.isArray(reply)) return reply.map((item) => encodeReply(item, base64));
  if (reply instanceof Error) return encodeReply(reply.message, base64);
  return String(reply);
}

function isOk(buf: Buffer): boolean {
  return buf.length === 2 && buf[0] === 0x4f && buf[1] === 0x4b;
}
