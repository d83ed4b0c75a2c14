/**
 * The catalog as its consumers see it: the two lake databases, the gold tables the contract
 * declares, the crawlers and the security configuration, with grants on them. DataCatalog
 * creates one; DataCatalog.fromCatalogAttributes imports an existing one; both share
 * DataCatalogBase, so each grant is written once.
 *
 * ARNs follow https://docs.aws.amazon.com/glue/latest/dg/glue-specifying-resource-arns.html:
 * `catalog`, `database/<db>`, `table/<db>/<table>`, `crawler/<name>`.
 */
import { Stack, aws_iam as iam } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { Contract } from '../../contract';
import { acknowledgeWildcards } from '../common/nag';

/**
 * Reads of table definitions and partitions, as a query engine needs them
 * (https://docs.aws.amazon.com/athena/latest/ug/fine-grained-access-to-glue-resources.html).
 */
export const CATALOG_READ_ACTIONS = [
  'glue:GetDatabase',
  'glue:GetTable',
  'glue:GetTables',
  'glue:GetPartition',
  'glue:GetPartitions',
  'glue:BatchGetPartition',
] as const;
/** Listing the crawled validated tables, whose names the crawler chooses. */
export const VALIDATED_TABLES_READ_ACTIONS = ['glue:GetTables'] as const;
/** Starting a crawler and reading its state. */
export const CRAWLER_START_ACTIONS = ['glue:StartCrawler', 'glue:GetCrawler'] as const;

/**
 * The lake's Glue Data Catalog: a database of crawled validated (silver) CSV tables, a database
 * of gold star tables declared from the contract, the crawlers over both, and the security
 * configuration Glue jobs run with.
 */
export interface IDataCatalog extends IConstruct {
  /** The contract whose star tables the curated database declares. */
  readonly contract: Contract;
  /** Database of the crawled validated (silver) tables, one per dataset. */
  readonly validatedDatabaseName: string;
  readonly validatedDatabaseArn: string;
  /** Database of the gold star tables. */
  readonly curatedDatabaseName: string;
  readonly curatedDatabaseArn: string;
  /** Catalog name of each gold table, by contract table name. */
  readonly curatedTableNames: Readonly<Record<string, string>>;
  /** Crawler over the validated zone; the pipeline runs it before the star-schema job. */
  readonly validatedCrawlerName: string;
  readonly validatedCrawlerArn: string;
  /** Crawler that registers new partitions of the gold tables. */
  readonly curatedCrawlerName: string;
  readonly curatedCrawlerArn: string;
  /** Glue security configuration (KMS for logs, bookmarks, S3 writes) for the platform's jobs. */
  readonly securityConfigurationName: string;

  /** Read the gold tables' definitions and partitions (not their data: the lake grants that). */
  grantRead(grantee: iam.IGrantable): iam.Grant;
  /** List the validated database's tables (GetTables), e.g. to compare them with the contract. */
  grantReadValidatedTables(grantee: iam.IGrantable): iam.Grant;
  /** Start both crawlers and read their state. */
  grantStartCrawlers(grantee: iam.IGrantable): iam.Grant;
}

/** The names of an existing catalog, for DataCatalog.fromCatalogAttributes. */
export interface DataCatalogAttributes {
  /** The contract the catalog was built for: its tables name the gold tables. */
  readonly contract: Contract;
  /** Database of the crawled validated tables (DataCatalog.validatedDatabaseName). */
  readonly validatedDatabaseName: string;
  /** Database of the gold tables (DataCatalog.curatedDatabaseName). */
  readonly curatedDatabaseName: string;
  /** Crawler over the validated zone (DataCatalog.validatedCrawlerName). */
  readonly validatedCrawlerName: string;
  /** Crawler of the gold tables' partitions (DataCatalog.curatedCrawlerName). */
  readonly curatedCrawlerName: string;
  /**
   * Glue security configuration for jobs (DataCatalog.securityConfigurationName). It must
   * encrypt CloudWatch logs (SSE-KMS), job bookmarks (CSE-KMS) and S3 writes, as DataCatalog's
   * does: jobs built on the import trust it, and cdk-nag cannot inspect it.
   */
  readonly securityConfigurationName: string;
}

/** What a created and an imported catalog share: the ARNs and the grants. */
export abstract class DataCatalogBase extends Construct implements IDataCatalog {
  public abstract readonly contract: Contract;
  public abstract readonly validatedDatabaseName: string;
  public abstract readonly curatedDatabaseName: string;
  public abstract readonly curatedTableNames: Readonly<Record<string, string>>;
  public abstract readonly validatedCrawlerName: string;
  public abstract readonly curatedCrawlerName: string;
  public abstract readonly securityConfigurationName: string;

  public get validatedDatabaseArn(): string {
    return this.glueArn('database', this.validatedDatabaseName);
  }

  public get curatedDatabaseArn(): string {
    return this.glueArn('database', this.curatedDatabaseName);
  }

  public get validatedCrawlerArn(): string {
    return this.glueArn('crawler', this.validatedCrawlerName);
  }

  public get curatedCrawlerArn(): string {
    return this.glueArn('crawler', this.curatedCrawlerName);
  }

  public grantRead(grantee: iam.IGrantable): iam.Grant {
    const database = this.curatedDatabaseName;
    // By the contract's names, which the gold tables carry: the grant need not wait for them.
    return iam.Grant.addToPrincipal({
      grantee,
      actions: [...CATALOG_READ_ACTIONS],
      resourceArns: [
        Stack.of(this).formatArn({ service: 'glue', resource: 'catalog' }),
        this.curatedDatabaseArn,
        ...this.contract.tableNames.map((table) => this.glueArn('table', `${database}/${table}`)),
      ],
    });
  }

  public grantReadValidatedTables(grantee: iam.IGrantable): iam.Grant {
    const tables = this.glueArn('table', `${this.validatedDatabaseName}/*`);
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: [...VALIDATED_TABLES_READ_ACTIONS],
      resourceArns: [
        Stack.of(this).formatArn({ service: 'glue', resource: 'catalog' }),
        this.validatedDatabaseArn,
        tables,
      ],
    });
    if (Construct.isConstruct(grantee.grantPrincipal)) {
      acknowledgeWildcards(grantee.grantPrincipal, [
        {
          kind: 'Resource',
          value: tables,
          reason:
            'GetTables reads every table of the validated database, whose tables the crawler names; read-only and limited to that one database',
        },
      ]);
    }
    return grant;
  }

  public grantStartCrawlers(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: [...CRAWLER_START_ACTIONS],
      resourceArns: [this.validatedCrawlerArn, this.curatedCrawlerArn],
    });
  }

  private glueArn(resource: string, resourceName: string): string {
    return Stack.of(this).formatArn({ service: 'glue', resource, resourceName });
  }
}
