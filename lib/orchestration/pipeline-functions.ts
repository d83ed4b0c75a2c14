/**
 * The orchestration's own Lambdas: thin handlers over core/orchestration. Each has
 * its own role with only what it needs and a KMS-encrypted log group.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { Contract } from '../../contract';
import { layoutPrefix } from '../../contract/lake-layout';
import { platformFunction } from '../common/platform-function';
import { IDataCatalog } from '../catalog/data-catalog-base';
import { IDataLake } from '../storage/data-lake';

export interface PipelineFunctionsProps {
  /** The data contract: its datasets and layout scope the grants, and the handlers read it. */
  readonly contract: Contract;
  /** The lake: PlanBatch lists the raw batch folders, CheckCuratedOutput reads the curated batch manifest. */
  readonly lake: IDataLake;
  /** The catalog: ValidateCatalog lists the crawled tables of its validated database. */
  readonly catalog: IDataCatalog;
  /** Encrypts the functions' log groups. */
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** What happens to the log groups when the stack is deleted. */
  readonly removalPolicy: RemovalPolicy;
}

/** PlanBatch, ValidateCatalog, CheckCuratedOutput, SummarizeRun and the StartBatch trigger. */
export class PipelineFunctions extends Construct {
  public readonly planBatch: lambda.Function;
  public readonly validateCatalog: lambda.Function;
  public readonly checkCurated: lambda.Function;
  public readonly summarizeRun: lambda.Function;
  /** Target of the schedule and the ready-marker rule; starts `batch-<date>` executions. */
  public readonly startBatch: lambda.Function;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: PipelineFunctionsProps,
  ) {
    super(scope, id);
    const { contract, lake, catalog } = props;
    this.planBatch = this.handler('PlanBatch', 'plan-batch', 'Lists the raw objects of a batch date', {
      RAW_BUCKET: lake.rawBucket.bucketName,
    });
    // ListBucket only, limited to the batch folders of the contract's datasets.
    lake.grantList(
      'raw',
      this.planBatch,
      contract.datasetNames.map((dataset) => layoutPrefix(contract, 'raw', { dataset })),
    );

    this.validateCatalog = this.handler(
      'ValidateCatalog',
      'validate-catalog',
      'Compares the crawled validated tables with the data contract',
      { VALIDATED_DATABASE: catalog.validatedDatabaseName },
    );
    catalog.grantReadValidatedTables(this.validateCatalog);

    this.checkCurated = this.handler(
      'CheckCurated',
      'check-curated',
      "Checks the star-schema job's manifest for a batch date",
      { CURATED_BUCKET: lake.curatedBucket.bucketName },
    );
    // Reads the batch manifests only; listing them makes S3 answer NoSuchKey (a missing
    // manifest) instead of AccessDenied.
    lake.grantRead('curated', this.checkCurated, layoutPrefix(contract, 'manifest'));

    // The one handler that reads no contract: it formats the results it is given.
    this.summarizeRun = this.handler(
      'SummarizeRun',
      'summarize-run',
      'Formats the success summary of a batch run',
      {},
      { readsContract: false },
    );

    this.startBatch = this.handler(
      'StartBatch',
      'start-batch',
      'Starts the batch run of a date (schedule or _READY)',
      {},
    );
  }

  /** Every function, for alarms. */
  public get all(): lambda.IFunction[] {
    return [this.planBatch, this.validateCatalog, this.checkCurated, this.summarizeRun, this.startBatch];
  }

  private handler(
    id: string,
    folder: string,
    description: string,
    environment: Record<string, string>,
    { readsContract = true } = {},
  ): lambda.Function {
    return platformFunction(this, id, {
      contract: readsContract ? this.props.contract : undefined,
      handlerName: folder,
      description,
      roleDescription: `${description} (pipeline orchestration)`,
      logKey: this.props.logKey,
      logRetention: this.props.logRetention,
      logRemovalPolicy: this.props.removalPolicy,
      memorySize: 256,
      timeout: Duration.minutes(1),
      environment,
    }).function;
  }
}
