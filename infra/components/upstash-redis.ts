// The stack's own Upstash Redis database. Upstash no longer creates regional databases, so even a
// single-region one is `global` with one primary region; TLS and eviction are set, never defaulted.
import * as pulumi from "@pulumi/pulumi";
import * as upstash from "@upstash/pulumi";

export interface UpstashRedisArgs {
  /** Name of the database in the Upstash console. @default the component's name */
  databaseName?: string;
  /** Region that takes the writes (one of the eight Upstash offers). @default "us-east-1" */
  primaryRegion?: string;
  /** Read replicas, excluding the primary region; none makes a single-region database. @default [] */
  readRegions?: string[];
  /** Monthly budget in USD; Upstash throttles the database once it is spent. @default 20 */
  budget?: number;
  /** Protect the database from deletion and keep it when the stack is destroyed. @default false */
  protect?: boolean;
}

export class UpstashRedis extends pulumi.ComponentResource {
  /** Upstash's id of the database. */
  public readonly databaseId: pulumi.Output<string>;
  /** Hostname of the database, e.g. `inflio-jobs-dev-12345.upstash.io`. */
  public readonly endpoint: pulumi.Output<string>;
  /** REST URL for `@upstash/redis` (`UPSTASH_REDIS_REST_URL`). */
  public readonly restUrl: pulumi.Output<string>;
  /** REST token with write access (`UPSTASH_REDIS_REST_TOKEN`); a secret. */
  public readonly restToken: pulumi.Output<string>;

  constructor(name: string, args: UpstashRedisArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super("inflio:upstash:Redis", name, args, opts);
    const protect = args.protect ?? false;

    const database = new upstash.RedisDatabase(
      `${name}-database`,
      redisDatabaseArgs(args.databaseName ?? name, args),
      {
        parent: this,
        protect,
        retainOnDelete: protect,
        // The provider schema marks only `password` secret, and these tokens grant the same access.
        // (The 0.5 SDK happens to add them too; saying so here keeps them secret whatever it does.)
        additionalSecretOutputs: ["restToken", "readOnlyRestToken"],
      },
    );

    this.databaseId = database.databaseId;
    this.endpoint = database.endpoint;
    this.restUrl = pulumi.interpolate`https://${database.endpoint}`;
    // The mock runtime (and older engines) ignore additionalSecretOutputs: mark it here as well.
    this.restToken = pulumi.secret(database.restToken);
    this.registerOutputs({
      databaseId: this.databaseId,
      endpoint: this.endpoint,
      restUrl: this.restUrl,
      restToken: this.restToken,
    });
  }
}

/** The database's arguments; read regions are left out entirely for a single-region database. */
export function redisDatabaseArgs(
  databaseName: string,
  args: Omit<UpstashRedisArgs, "databaseName" | "protect">,
): upstash.RedisDatabaseArgs {
  const readRegions = args.readRegions ?? [];
  return {
    databaseName,
    region: "global",
    primaryRegion: args.primaryRegion ?? "us-east-1",
    ...(readRegions.length > 0 ? { readRegions } : {}),
    // The provider defaults both to false; Upstash enables TLS on new databases anyway, and a queue
    // of expiring job records wants eviction rather than write errors when memory runs out.
    tls: true,
    eviction: true,
    budget: args.budget ?? 20,
  };
}
