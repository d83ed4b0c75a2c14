import { ArnFormat, Aws, Names, Stack, aws_glue as glue, aws_iam as iam, aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Contract, defaultContract } from '../../contract';
import { acknowledgeWildcards } from '../common/nag';
import { goldColumns, goldTableLayout, layoutPrefix } from '../../contract/lake-layout';
import { allowLogsToUseKey } from '../common/log-encryption';
import { matches, Rules, validateProps } from '../common/props-validation';
import { IDataLake } from '../storage';
import { DataCatalogAttributes, DataCatalogBase, IDataCatalog } from './data-catalog-base';

/** Catalog actions a crawler needs to create and update tables and partitions (never delete). */
const CRAWLER_CATALOG_ACTIONS = [
  'glue:GetDatabase',
  'glue:GetTable',
  'glue:GetTables',
  'glue:CreateTable',
  'glue:UpdateTable',
  'glue:GetPartition',
  'glue:GetPartitions',
  'glue:BatchGetPartition',
  'glue:CreatePartition',
  'glue:BatchCreatePartition',
  'glue:UpdatePartition',
  'glue:BatchUpdatePartition',
];
const LOG_ACTIONS = [
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'logs:AssociateKmsKey',
];

export interface DataCatalogProps {
  /**
   * The lake: the crawlers read its curated zone (validated CSV under `silver/`, star-schema
   * Parquet under `gold/`, the contract's layout). Its key encrypts crawler and job logs, job
   * bookmarks and Glue's S3 writes (the security configuration); when the key is defined in
   * this app, CloudWatch Logs is allowed to use it for `/aws-glue/*` log groups, and an
   * imported key must already allow that.
   */
  readonly lake: IDataLake;
  /**
   * The data contract: its star tables are declared in the curated database (schemas are
   * never inferred) and its layout places both zones.
   * @default - the sales example (`defaultContract()`)
   */
  readonly contract?: Contract;
  /**
   * Prefix of the Glue database names (`<prefix>_validated`, `<prefix>_curated`): lowercase
   * letters, digits and underscores, starting with a letter.
   * @default the stack name, lowercased, with other characters replaced by underscores
   */
  readonly databasePrefix?: string;
}

/** DataCatalog's props rules. */
export const DATA_CATALOG_RULES: Rules<DataCatalogProps> = {
  props: {
    // `<prefix>_validated` and `<prefix>_curated` stay lowercase Glue names of at most 200 characters.
    databasePrefix: matches(
      /^[a-z][a-z0-9_]{0,189}$/,
      'start with a lowercase letter and hold only a-z, 0-9 and _',
    ),
  },
};

/**
 * The Glue Data Catalog of the lake: a database per zone, the gold star tables declared from
 * the contract, crawlers that keep both zones' partitions current, and the security
 * configuration every Glue crawler and job of the platform uses.
 */
export class DataCatalog extends DataCatalogBase {
  /**
   * A catalog created elsewhere (another stack or app), by its names: the same grants as a
   * catalog this construct creates, on resources it does not manage. Its gold tables are
   * named after the contract's tables, as DataCatalog names them.
   */
  public static fromCatalogAttributes(
    scope: Construct,
    id: string,
    attrs: DataCatalogAttributes,
  ): IDataCatalog {
    class Import extends DataCatalogBase {
      public readonly contract = attrs.contract;
      public readonly validatedDatabaseName = attrs.validatedDatabaseName;
      public readonly curatedDatabaseName = attrs.curatedDatabaseName;
      public readonly curatedTableNames = Object.fromEntries(
        attrs.contract.tableNames.map((table) => [table, table]),
      );
      public readonly validatedCrawlerName = attrs.validatedCrawlerName;
      public readonly curatedCrawlerName = attrs.curatedCrawlerName;
      public readonly securityConfigurationName = attrs.securityConfigurationName;
    }
    return new Import(scope, id);
  }

  /** Database of the validated (silver) CSV tables, created by the validated crawler. */
  public readonly validatedDatabaseName: string;
  /** Database of the curated (gold) star tables. */
  public readonly curatedDatabaseName: string;
  /** Crawler over `silver/`: one table per dataset, a partition per ingest_date. */
  public readonly validatedCrawlerName: string;
  /** Crawler over the gold tables: registers each new batch_date partition, never changes schemas. */
  public readonly curatedCrawlerName: string;
  /** Gold star tables by contract table name, declared from the contract (schemas are never inferred). */
  public readonly curatedTables: Readonly<Record<string, glue.CfnTable>>;
  /** Catalog name of each gold table by contract table name (a reference, so users wait for the table). */
  public readonly curatedTableNames: Readonly<Record<string, string>>;
  /** The contract whose star tables and layout the catalog declares. */
  public readonly contract: Contract;
  /** Encrypts CloudWatch logs, job bookmarks and S3 writes with the lake key (SSE-KMS / CSE-KMS). */
  public readonly securityConfiguration: glue.CfnSecurityConfiguration;
  /** Name of the security configuration, for jobs' `securityConfiguration`. */
  public readonly securityConfigurationName: string;
  /** The role both crawlers run as. */
  public readonly crawlerRole: iam.Role;

  private readonly validatedCrawler: glue.CfnCrawler;
  private readonly curatedCrawler: glue.CfnCrawler;

  constructor(scope: Construct, id: string, props: DataCatalogProps) {
    super(scope, id);
    validateProps(props, DATA_CATALOG_RULES);
    this.contract = props.contract ?? defaultContract();
    const { contract } = this;
    const { key } = props.lake;
    const prefix =
      props.databasePrefix ??
      Stack.of(this)
        .stackName.toLowerCase()
        .replace(/[^a-z0-9_]/g, '_');

    this.securityConfiguration = new glue.CfnSecurityConfiguration(this, 'SecurityConfiguration', {
      name: Names.uniqueResourceName(this, { maxLength: 128, separator: '-' }),
      encryptionConfiguration: {
        cloudWatchEncryption: { cloudWatchEncryptionMode: 'SSE-KMS', kmsKeyArn: key.keyArn },
        jobBookmarksEncryption: { jobBookmarksEncryptionMode: 'CSE-KMS', kmsKeyArn: key.keyArn },
        s3Encryptions: [{ s3EncryptionMode: 'SSE-KMS', kmsKeyArn: key.keyArn }],
      },
    });
    this.securityConfigurationName = this.securityConfiguration.ref;
    allowLogsToUseKey(key, this);

    const databases = new Construct(this, 'Databases');
    this.validatedDatabaseName = database(
      databases,
      'Validated',
      `${prefix}_validated`,
      'Validated CSV (silver)',
    ).ref;
    this.curatedDatabaseName = database(
      databases,
      'Curated',
      `${prefix}_curated`,
      'Star schema Parquet (gold)',
    ).ref;

    const tables = new Construct(this, 'CuratedTables');
    this.curatedTables = Object.fromEntries(
      contract.tableNames.map((table) => [
        table,
        goldTable(tables, contract, table, props.lake.curatedBucket, this.curatedDatabaseName),
      ]),
    );

    this.curatedTableNames = Object.fromEntries(
      Object.entries(this.curatedTables).map(([table, cfnTable]) => [table, cfnTable.ref]),
    );

    this.crawlerRole = new iam.Role(this, 'CrawlerRole', {
      assumedBy: new iam.ServicePrincipal('glue.amazonaws.com'),
      description: 'Glue crawlers of the lake: read silver/ and gold/, maintain their catalog tables',
    });
    this.grantCrawlerAccess(props);

    const crawlers = new Construct(this, 'Crawlers');
    const csvClassifier = new glue.CfnClassifier(crawlers, 'CsvClassifier', {
      // Validated CSVs always have a header; without this the crawler guesses from the values.
      csvClassifier: {
        name: Names.uniqueResourceName(crawlers, { maxLength: 255, separator: '-' }),
        containsHeader: 'PRESENT',
        delimiter: ',',
        quoteSymbol: '"',
      },
    });
    const logOnly = { updateBehavior: 'LOG', deleteBehavior: 'LOG' };
    this.validatedCrawler = new glue.CfnCrawler(crawlers, 'Validated', {
      role: this.crawlerRole.roleArn,
      databaseName: this.validatedDatabaseName,
      description: 'Validated CSV tables, one per dataset; crawls only new ingest_date folders',
      targets: {
        s3Targets: [{ path: props.lake.curatedBucket.s3UrlForObject(layoutPrefix(contract, 'validated')) }],
      },
      classifiers: [csvClassifier.ref],
      // CRAWL_NEW_FOLDERS_ONLY requires LOG/LOG: existing tables are never changed or deleted.
      recrawlPolicy: { recrawlBehavior: 'CRAWL_NEW_FOLDERS_ONLY' },
      schemaChangePolicy: logOnly,
      crawlerSecurityConfiguration: this.securityConfiguration.ref,
      configuration: JSON.stringify({
        Version: 1.0,
        // One table per dataset folder, e.g. bucket / silver / <dataset>.
        Grouping: { TableLevelConfiguration: datasetFolderLevel(contract) },
        CrawlerOutput: { Partitions: { AddOrUpdateBehavior: 'InheritFromTable' } },
      }),
    });
    this.curatedCrawler = new glue.CfnCrawler(crawlers, 'Curated', {
      role: this.crawlerRole.roleArn,
      description: 'Registers new batch_date partitions of the gold star tables declared from the contract',
      // Catalog targets keep the contract's schemas: the crawler only adds partitions.
      targets: {
        catalogTargets: [
          {
            databaseName: this.curatedDatabaseName,
            tables: Object.values(this.curatedTables).map((t) => t.ref),
          },
        ],
      },
      schemaChangePolicy: logOnly,
      crawlerSecurityConfiguration: this.securityConfiguration.ref,
      configuration: JSON.stringify({
        Version: 1.0,
        CrawlerOutput: { Partitions: { AddOrUpdateBehavior: 'InheritFromTable' } },
      }),
    });
    this.validatedCrawlerName = this.validatedCrawler.ref;
    this.curatedCrawlerName = this.curatedCrawler.ref;
  }

  private grantCrawlerAccess(props: DataCatalogProps): void {
    const stack = Stack.of(this);
    const catalogArn = stack.formatArn({ service: 'glue', resource: 'catalog' });
    const databaseArns = [this.validatedDatabaseName, this.curatedDatabaseName].flatMap((name) => [
      stack.formatArn({ service: 'glue', resource: 'database', resourceName: name }),
      stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${name}/*` }),
    ]);
    const crawlerLogs = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: '/aws-glue/crawlers*',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.crawlerRole.addToPolicy(
      new iam.PolicyStatement({ actions: CRAWLER_CATALOG_ACTIONS, resources: [catalogArn, ...databaseArns] }),
    );
    this.crawlerRole.addToPolicy(
      new iam.PolicyStatement({
        actions: LOG_ACTIONS,
        resources: [crawlerLogs],
      }),
    );
    // The crawlers read every object under silver/ and gold/ to infer schemas and partitions.
    props.lake.grantRead('curated', this.crawlerRole, [
      layoutPrefix(this.contract, 'validated'),
      layoutPrefix(this.contract, 'gold'),
    ]);
    acknowledgeWildcards(this.crawlerRole, [
      ...[this.validatedDatabaseName, this.curatedDatabaseName].map((name) => ({
        kind: 'Resource' as const,
        value: stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${name}/*` }),
        reason:
          'A crawler creates and updates the tables it discovers; the grant is bounded to one lake database',
      })),
      {
        kind: 'Resource',
        value: crawlerLogs,
        reason:
          'Glue names crawler log groups itself (/aws-glue/crawlers, suffixed with the security configuration)',
      },
    ]);
  }
}

/**
 * The crawler's table level for the validated zone: the absolute folder level of `{dataset}`
 * in the contract's layout, the bucket being level 1, so that each dataset is one table and
 * its ingest dates are partitions (https://docs.aws.amazon.com/glue/latest/dg/crawler-table-level.html).
 */
export function datasetFolderLevel(contract: Contract): number {
  const segments = contract.spec.layout.validated.split('/');
  return segments.findIndex((segment) => segment.includes('{dataset}')) + 2;
}

function database(scope: Construct, id: string, name: string, description: string): glue.CfnDatabase {
  return new glue.CfnDatabase(scope, id, { catalogId: Aws.ACCOUNT_ID, databaseInput: { name, description } });
}

function goldTable(
  scope: Construct,
  contract: Contract,
  table: string,
  bucket: s3.IBucket,
  databaseName: string,
): glue.CfnTable {
  const { prefix, partitionKey } = goldTableLayout(contract, table);
  return new glue.CfnTable(scope, table, {
    catalogId: Aws.ACCOUNT_ID,
    databaseName,
    tableInput: {
      name: table,
      description: `Gold ${table} (contract.json star), one batch per ${partitionKey} partition`,
      tableType: 'EXTERNAL_TABLE',
      parameters: { classification: 'parquet', EXTERNAL: 'TRUE' },
      partitionKeys: [{ name: partitionKey, type: 'date' }],
      storageDescriptor: {
        location: bucket.s3UrlForObject(prefix),
        columns: goldColumns(contract, table),
        inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
        outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
        serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
      },
    },
  });
}
