// Borrows another stack's Upstash database through a StackReference, so preview stacks cost nothing
// extra. The borrowing app keeps its keys apart with a QUEUE_PREFIX of its own.
import * as pulumi from "@pulumi/pulumi";

/** Stack outputs a stack must export for others to share its database. */
export const SHARED_REDIS_OUTPUTS = {
  restUrl: "redisRestUrl",
  restToken: "redisRestToken",
  endpoint: "redisEndpoint",
  databaseId: "redisDatabaseId",
} as const;

export interface SharedRedisArgs {
  /** Fully qualified name of the stack that owns the database. @default `<org>/<project>/dev` */
  stack?: string;
}

export class SharedRedis extends pulumi.ComponentResource {
  /** Upstash's id of the borrowed database. */
  public readonly databaseId: pulumi.Output<string>;
  /** Hostname of the borrowed database. */
  public readonly endpoint: pulumi.Output<string>;
  /** REST URL of the borrowed database; a secret, as the owning stack exports it. */
  public readonly restUrl: pulumi.Output<string>;
  /** REST token of the borrowed database; a secret. */
  public readonly restToken: pulumi.Output<string>;

  constructor(name: string, args: SharedRedisArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super("inflio:upstash:SharedRedis", name, args, opts);
    const stack = args.stack ?? `${pulumi.getOrganization()}/${pulumi.getProject()}/dev`;
    const owner = new pulumi.StackReference(`${name}-owner`, { name: stack }, { parent: this });
    const read = (key: string) => owner.requireOutput(key) as pulumi.Output<string>;

    this.databaseId = read(SHARED_REDIS_OUTPUTS.databaseId);
    this.endpoint = read(SHARED_REDIS_OUTPUTS.endpoint);
    this.restUrl = pulumi.secret(read(SHARED_REDIS_OUTPUTS.restUrl));
    this.restToken = pulumi.secret(read(SHARED_REDIS_OUTPUTS.restToken));
    this.registerOutputs({
      databaseId: this.databaseId,
      endpoint: this.endpoint,
      restUrl: this.restUrl,
      restToken: this.restToken,
    });
  }
}
