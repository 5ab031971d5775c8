// Validates the JSON command arrays of the REST API before anything reaches Redis.

export type Command = [name: string, ...args: (string | number)[]];

/** Commands that would block or repurpose the shared connection; Upstash REST has no use for them. */
const REFUSED = new Set([
  "BLPOP", "BRPOP", "BLMOVE", "BRPOPLPUSH", "BZPOPMIN", "BZPOPMAX", "BLMPOP", "BZMPOP",
  "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "MONITOR", "SELECT", "MULTI", "EXEC", "DISCARD",
  "WATCH", "UNWATCH", "QUIT", "RESET", "CLIENT", "SHUTDOWN", "DEBUG", "SYNC", "PSYNC", "REPLICAOF",
]); // biome-ignore format: a word list

export class CommandError extends Error {
  override name = "CommandError";
}

/** One command: a non-empty array whose first item is the command name. */
export function parseCommand(value: unknown): Command {
  if (!Array.isArray(value) || value.length === 0) {
    throw new CommandError(
      "ERR the request body must be a non-empty JSON array of command arguments",
    );
  }
  const [name, ...args] = value;
  if (typeof name !== "string" || name.length === 0) {
    throw new CommandError("ERR the first array item must be the command name, a string");
  }
  const upper = name.toUpperCase();
  if (REFUSED.has(upper)) {
    throw new CommandError(`ERR command '${name}' is not supported over REST`);
  }
  for (const [i, arg] of args.entries()) {
    if (typeof arg === "boolean") args[i] = arg ? "1" : "0";
    else if (typeof arg !== "string" && !(typeof arg === "number" && Number.isFinite(arg))) {
      throw new CommandError(`ERR argument ${i + 1} of '${name}' must be a string or a number`);
    }
  }
  return [upper, ...args];
}

/** A pipeline or transaction: a non-empty array of commands. */
export function parseCommands(value: unknown): Command[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new CommandError("ERR the request body must be a non-empty JSON array of commands");
  }
  return value.map(parseCommand);
}

/** Path-style commands (`/set/foo/bar`), with a non-empty body appended as the last argument. */
export function parsePathCommand(pathname: string, body: string): Command {
  const parts = pathname
    .split("/")
    .filter((p) => p.length > 0)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        throw new CommandError("ERR malformed percent-encoding in the command path");
      }
    });
  if (body.length > 0) parts.push(body);
  return parseCommand(parts);
}
