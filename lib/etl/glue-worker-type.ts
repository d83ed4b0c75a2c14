/**
 * Glue worker types for Spark jobs, as an enum-like class (the aws-cdk-lib pattern, which
 * jsii can bind): `GlueWorkerType.G_2X`, or `GlueWorkerType.of('G.2X')` for a name read from
 * configuration. StarSchemaJob checks the name is one of GLUE_WORKER_TYPES
 * (https://docs.aws.amazon.com/glue/latest/dg/worker-types.html).
 */

/** Names of the worker types StarSchemaJob accepts. */
export const GLUE_WORKER_TYPES = ['G.1X', 'G.2X', 'G.4X', 'G.8X'] as const;
/** A worker type's name, as the environment config spells it. */
export type GlueWorkerTypeName = (typeof GLUE_WORKER_TYPES)[number];

export class GlueWorkerType {
  /** 4 vCPU, 16 GB memory, 94 GB disk per worker. */
  public static readonly G_1X = new GlueWorkerType('G.1X');
  /** 8 vCPU, 32 GB memory, 138 GB disk per worker. */
  public static readonly G_2X = new GlueWorkerType('G.2X');
  /** 16 vCPU, 64 GB memory, 256 GB disk per worker. */
  public static readonly G_4X = new GlueWorkerType('G.4X');
  /** 32 vCPU, 128 GB memory, 512 GB disk per worker. */
  public static readonly G_8X = new GlueWorkerType('G.8X');

  /** A worker type by name, e.g. from configuration. */
  public static of(name: string): GlueWorkerType {
    return new GlueWorkerType(name);
  }

  /** @param name The name Glue takes, e.g. `G.1X`. */
  private constructor(public readonly name: string) {}
}
