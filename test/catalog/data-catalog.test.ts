import { Contract, defaultContract } from '../../contract';
import { App, Stack, aws_iam as iam, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DataCatalog, datasetFolderLevel } from '../../lib/catalog/data-catalog';
import { goldColumns, goldTableLayout, hiveType, layoutPrefix } from '../../contract/lake-layout';
import { DataLakeStorage } from '../../lib/storage';
import { getObjects, lakeStatements, listPrefixes, roleStatements, useKey } from '../helpers/iam';
import { editedSalesContract, freightContract } from '../helpers/construct-contracts';
import { unacknowledgedNagFindings } from '../helpers/nag';
import { maskAssetHashes } from '../helpers/template';

function compose(props: { databasePrefix?: string; contract?: Contract } = {}) {
  const stack = new Stack(new App(), 'Lake', { env: { account: '111111111111', region: 'eu-west-1' } });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const lake = DataLakeStorage.fromLakeAttributes(stack, 'Lake', {
    rawBucket: s3.Bucket.fromBucketName(stack, 'Raw', 'lake-raw'),
    curatedBucket: new s3.Bucket(stack, 'Curated', { encryptionKey: key, enforceSSL: true }),
    quarantineBucket: s3.Bucket.fromBucketName(stack, 'Quarantine', 'lake-quarantine'),
    key,
  });
  const catalog = new DataCatalog(stack, 'Catalog', { lake, ...props });
  return {
    stack,
    catalog,
    get template() {
      return Template.fromStack(stack);
    },
  };
}

describe('DataCatalog', () => {
  test('encrypts crawler and job logs, bookmarks and S3 writes with the lake key', () => {
    const { template } = compose();
    const keyArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] };
    template.hasResourceProperties('AWS::Glue::SecurityConfiguration', {
      EncryptionConfiguration: {
        CloudWatchEncryption: { CloudWatchEncryptionMode: 'SSE-KMS', KmsKeyArn: keyArn },
        JobBookmarksEncryption: { JobBookmarksEncryptionMode: 'CSE-KMS', KmsKeyArn: keyArn },
        S3Encryptions: [{ S3EncryptionMode: 'SSE-KMS', KmsKeyArn: keyArn }],
      },
    });
  });

  test('creates a database per zone named from the prefix', () => {
    const { template, catalog, stack } = compose({ databasePrefix: 'lake_dev' });
    template.hasResourceProperties('AWS::Glue::Database', {
      DatabaseInput: Match.objectLike({ Name: 'lake_dev_validated' }),
    });
    template.hasResourceProperties('AWS::Glue::Database', {
      DatabaseInput: Match.objectLike({ Name: 'lake_dev_curated' }),
    });
    expect(stack.resolve(catalog.curatedDatabaseName)).toEqual({
      Ref: expect.stringMatching(/^CatalogDatabasesCurated/),
    });
  });

  test('crawls only new silver folders and logs schema changes instead of deleting', () => {
    const { template } = compose();
    template.hasResourceProperties('AWS::Glue::Crawler', {
      Targets: {
        S3Targets: [{ Path: { 'Fn::Join': ['', ['s3://', { Ref: Match.anyValue() }, '/silver/']] } }],
      },
      RecrawlPolicy: { RecrawlBehavior: 'CRAWL_NEW_FOLDERS_ONLY' },
      SchemaChangePolicy: { UpdateBehavior: 'LOG', DeleteBehavior: 'LOG' },
      CrawlerSecurityConfiguration: { Ref: Match.stringLikeRegexp('^CatalogSecurityConfiguration') },
    });
  });

  test('declares the gold tables from the contract and crawls them only for partitions', () => {
    const { template } = compose();
    template.resourceCountIs('AWS::Glue::Table', 5);
    template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        Name: 'sales_fact',
        PartitionKeys: [{ Name: 'batch_date', Type: 'date' }],
        StorageDescriptor: Match.objectLike({
          Columns: Match.arrayWith([{ Name: 'net_amount', Type: 'decimal(18,2)' }]),
          Location: { 'Fn::Join': ['', ['s3://', { Ref: Match.anyValue() }, '/gold/sales_fact/']] },
        }),
      }),
    });
    template.hasResourceProperties('AWS::Glue::Crawler', {
      Targets: {
        CatalogTargets: [Match.objectLike({ Tables: Match.arrayWith([{ Ref: Match.anyValue() }]) })],
      },
      SchemaChangePolicy: { UpdateBehavior: 'LOG', DeleteBehavior: 'LOG' },
    });
  });

  test("declares another contract's tables and crawls its validated zone where its layout puts it", () => {
    const { template, catalog } = compose({ contract: freightContract() });
    expect(Object.keys(catalog.curatedTables)).toEqual([
      'carrier_dim',
      'calendar_dim',
      'shipment_fact',
      'return_fact',
    ]);
    template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        Name: 'shipment_fact',
        StorageDescriptor: Match.objectLike({
          Columns: Match.arrayWith([
            { Name: 'ship_date_key', Type: 'int' },
            { Name: 'delivery_date_key', Type: 'int' },
          ]),
          Location: { 'Fn::Join': ['', ['s3://', { Ref: Match.anyValue() }, '/star/shipment_fact/']] },
        }),
      }),
    });
    const [validated] = Object.values(
      template.findResources('AWS::Glue::Crawler', { Properties: { RecrawlPolicy: Match.anyValue() } }),
    );
    expect(validated.Properties.Targets.S3Targets[0].Path['Fn::Join'][1][2]).toBe('/validated/csv/');
    // bucket / validated / csv / <dataset>: one table per dataset, at level 4.
    expect(JSON.parse(validated.Properties.Configuration).Grouping).toEqual({ TableLevelConfiguration: 4 });
    expect(lakeStatements(template, 'CatalogCrawlerRole')[0]).toEqual(
      getObjects('Curated', ['validated/csv/', 'star/']),
    );
  });

  test('groups validated tables at the folder level of {dataset} in the layout, the bucket being level 1', () => {
    const withValidated = (validated: string) =>
      datasetFolderLevel(editedSalesContract((spec) => ({ ...spec, layout: { ...spec.layout, validated } })));
    expect(datasetFolderLevel(defaultContract())).toBe(3);
    expect(withValidated('{dataset}/ingest_date={date}/')).toBe(2);
    expect(withValidated('a/b/c/{dataset}/{date}/')).toBe(5);
  });

  test('scopes the crawler role to reading silver/ and gold/ of the curated zone and to the two databases', () => {
    const { template } = compose();
    expect(lakeStatements(template, 'CatalogCrawlerRole')).toEqual([
      getObjects('Curated', ['silver/', 'gold/']),
      listPrefixes('Curated', ['silver/', 'gold/']),
      useKey('Key', 'read'),
    ]);
    const text = JSON.stringify(roleStatements(template, 'CatalogCrawlerRole'));
    expect(text).not.toMatch(/"Action":"s3:\*"|"Resource":"\*"/);
    expect(text).not.toContain('glue:Delete');
  });

  test('grants starting exactly its two crawlers', () => {
    const { stack, catalog } = compose();
    const role = new iam.Role(stack, 'Orchestrator', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
    });
    catalog.grantStartCrawlers(role);
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^Orchestrator') }] },
    });
    const [statement] = Object.values(policies).flatMap(
      (policy) =>
        (policy as { Properties: { PolicyDocument: { Statement: unknown[] } } }).Properties.PolicyDocument
          .Statement,
    ) as { Action: string[]; Resource: unknown[] }[];
    expect(statement.Action).toEqual(['glue:StartCrawler', 'glue:GetCrawler']);
    expect(statement.Resource).toHaveLength(2);
    expect(JSON.stringify(statement.Resource)).toMatch(
      /:crawler\/.*CatalogCrawlersValidated.*:crawler\/.*CatalogCrawlersCurated/,
    );
  });

  test('grants reading the gold tables: catalog reads on the catalog, the curated database and each contract table', () => {
    const { stack, catalog } = compose({ databasePrefix: 'lake' });
    const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    catalog.grantRead(reader);
    const [statement] = roleStatements(Template.fromStack(stack), 'Reader') as {
      Action: string[];
      Resource: unknown[];
    }[];
    expect(statement.Action).toEqual([
      'glue:GetDatabase',
      'glue:GetTable',
      'glue:GetTables',
      'glue:GetPartition',
      'glue:GetPartitions',
      'glue:BatchGetPartition',
    ]);
    const resources = JSON.stringify(stack.resolve(statement.Resource));
    expect(resources).toContain(':catalog"');
    expect(resources).toMatch(/:database\/".*CatalogDatabasesCurated/);
    // By the contract's names, which the declared tables carry.
    for (const table of defaultContract().tableNames) {
      expect(resources).toContain(
        `:table/",{"Ref":"${stack.resolve(catalog.curatedDatabaseName).Ref}"},"/${table}"`,
      );
    }
    expect(resources).not.toContain('*');
  });

  test('grants listing the validated tables on that database alone, acknowledging its table wildcard', () => {
    const { stack, catalog } = compose();
    const checker = new iam.Role(stack, 'Checker', { assumedBy: new iam.AccountRootPrincipal() });
    catalog.grantReadValidatedTables(checker);
    const [statement] = roleStatements(Template.fromStack(stack), 'Checker') as {
      Action: string;
      Resource: unknown[];
    }[];
    expect(statement.Action).toBe('glue:GetTables');
    expect(JSON.stringify(statement.Resource)).toMatch(/:table\/".*CatalogDatabasesValidated.*"\/\*"/);
    expect(JSON.stringify(statement.Resource)).not.toContain('CatalogDatabasesCurated');
    expect(unacknowledgedNagFindings(checker)).toEqual([]);
  });

  test('fromCatalogAttributes imports a catalog by name: ARNs and grants from the names, nothing created', () => {
    const stack = new Stack(new App(), 'Consumer', { env: { account: '111111111111', region: 'eu-west-1' } });
    const catalog = DataCatalog.fromCatalogAttributes(stack, 'Catalog', {
      contract: freightContract(),
      validatedDatabaseName: 'lake_validated',
      curatedDatabaseName: 'lake_curated',
      validatedCrawlerName: 'lake-validated',
      curatedCrawlerName: 'lake-curated',
      securityConfigurationName: 'lake-security',
    });
    expect(stack.resolve(catalog.validatedCrawlerArn)).toEqual({
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':glue:eu-west-1:111111111111:crawler/lake-validated'],
      ],
    });
    expect(stack.resolve(catalog.curatedDatabaseArn)).toEqual({
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':glue:eu-west-1:111111111111:database/lake_curated'],
      ],
    });
    expect(catalog.curatedTableNames).toEqual({
      carrier_dim: 'carrier_dim',
      calendar_dim: 'calendar_dim',
      shipment_fact: 'shipment_fact',
      return_fact: 'return_fact',
    });
    const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    catalog.grantRead(reader);
    const template = Template.fromStack(stack);
    expect(JSON.stringify(roleStatements(template, 'Reader'))).toContain(
      ':glue:eu-west-1:111111111111:table/lake_curated/shipment_fact',
    );
    expect(Object.keys(template.toJSON().Resources).sort()).toEqual(
      Object.keys(template.findResources('AWS::IAM::Role'))
        .concat(Object.keys(template.findResources('AWS::IAM::Policy')))
        .sort(),
    );
  });

  test('matches the snapshot (construct ids and the rest)', () => {
    expect(maskAssetHashes(compose().template.toJSON())).toMatchSnapshot();
  });

  test('has no unacknowledged cdk-nag findings', () => {
    const { catalog } = compose();
    expect(unacknowledgedNagFindings(catalog)).toEqual([]);
  });

  test('fails on a database prefix Glue would reject', () => {
    expect(() => compose({ databasePrefix: 'Lake-Dev' })).toThrow(
      /databasePrefix must start with a lowercase letter and hold only a-z, 0-9 and _ \(got "Lake-Dev"\)/,
    );
  });
});

describe('curated layout from the contract', () => {
  test('places gold tables under gold/<table>/ partitioned by batch_date, silver under silver/', () => {
    expect(goldTableLayout(defaultContract(), 'date_dim')).toEqual({
      prefix: 'gold/date_dim/',
      partitionKey: 'batch_date',
    });
    expect(layoutPrefix(defaultContract(), 'validated')).toBe('silver/');
  });

  test('derives every key prefix from a layout template, up to its first placeholder without a value', () => {
    expect(layoutPrefix(defaultContract(), 'gold')).toBe('gold/');
    expect(layoutPrefix(defaultContract(), 'raw')).toBe('');
    expect(layoutPrefix(defaultContract(), 'raw', { dataset: 'sales_events' })).toBe(
      'sales_events/ingest_date=',
    );
    expect(layoutPrefix(defaultContract(), 'validated', { dataset: 'sales' })).toBe(
      'silver/sales/ingest_date=',
    );
    expect(layoutPrefix(defaultContract(), 'gold', { table: 'sales_fact' })).toBe(
      'gold/sales_fact/batch_date=',
    );
    expect(layoutPrefix(defaultContract(), 'manifest')).toBe('gold/_manifests/batch_date=');
    expect(layoutPrefix(defaultContract(), 'quarantine', { dataset: 'sales', date: '2024-01-31' })).toBe(
      'sales/ingest_date=2024-01-31/',
    );
  });

  test('maps contract types to catalog types and leaves the partition key out of the columns', () => {
    expect(goldColumns(defaultContract(), 'sales_fact').map((c) => c.name)).not.toContain('batch_date');
    expect(goldColumns(defaultContract(), 'date_dim')).toContainEqual({ name: 'date_key', type: 'int' });
    expect(goldColumns(defaultContract(), 'customer_dim')).toContainEqual({
      name: 'full_name',
      type: 'string',
    });
  });

  test('fails on a contract type without a catalog mapping', () => {
    expect(() => hiveType('timestamp')).toThrow(/contract type "timestamp" has no Glue catalog mapping/);
  });
});
