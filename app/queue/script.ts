// Runs one Lua script through @upstash/redis: EVALSHA first, EVAL on NOSCRIPT (the client's Script).
import type { Redis } from "@upstash/redis";
import { QueueUnavailableError } from "./errors.js";

type Arg = string | number;

export class QueueScript<T> {
  private readonly script: ReturnType<Redis["createScript"]>;

  constructor(
    redis: Redis,
    private readonly name: string,
    source: string,
  ) {
    this.script = redis.createScript(source);
  }

  async run(keys: string[], args: Arg[]): Promise<T> {
    try {
      return (await this.script.exec(keys, args.map(String))) as T;
    } catch (error) {
      throw new QueueUnavailableError(this.name, error);
    }
  }
}
