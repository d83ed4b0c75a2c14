import { App, Size, Stack, aws_iam as iam, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Contract, defaultContract } from '../../contract';
import { DataCatalog } from '../../lib/catalog/data-catalog';
import { CATALOG_READ_ACTIONS } from '../../lib/catalog/data-catalog-base';
import { ATHENA_QUERY_ACTIONS, LakeQuery, LakeQueryProps } from '../../lib/governance';
import { DataLakeStorage } from '../../lib/storage';
import {
  arnOf,
  getObjects,
  lakeStatements,
  listPrefixes,
  objectArn,
  putObjects,
  useKey,
} from '../helpers/iam';
import { freightContract } from '../helpers/construct-contracts';
import { unacknowledgedNagFindings } from '../helpers/nag';

type Options = Partial<Omit<LakeQueryProps, 'lake' | 'catalog'>>;

/** The query on a catalog of `catalogContract` (by default the query's contract, or the sales example). */
function compose(options: Options = {}, catalogContract?: Contract) {
  const app = new App();
  const stack = new Stack(app, 'Lake', { env: { account: '111111111111', region: 'eu-west-1' } });
  const key = new kms.Key(stack, 'LakeKey', { enableKeyRotation: true });
  const bucket = new s3.Bucket(stack, 'Curated', { encryptionKey: key, enforceSSL: true });
  const lake = DataLakeStorage.fromLakeAttributes(stack, 'DataLake', {
    rawBucket: s3.Bucket.fromBucketName(stack, 'Raw', 'lake-raw'),
    curatedBucket: bucket,
    quarantineBucket: s3.Bucket.fromBucketName(stack, 'Quarantine', 'lake-quarantine'),
    key,
  });
  const catalog = DataCatalog.fromCatalogAttributes(stack, 'Catalog', {
    contract: catalogContract ?? options.contract ?? defaultContract(),
    validatedDatabaseName: 'dp_validated',
    curatedDatabaseName: 'dp_curated',
    validatedCrawlerName: 'dp-validated',
    curatedCrawlerName: 'dp-curated',
    securityConfigurationName: 'dp-security',
  });
  const query = new LakeQuery(stack, 'Query', { lake, catalog, ...options });
  return { stack, query, key, bucket, template: () => Template.fromStack(stack) };
}

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

function statementsOf(template: Template, stack: Stack, role: iam.IRole): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [stack.resolve(role.roleName)] },
  });
  return Object.values(policies).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
        .Statement,
  );
}

describe('LakeQuery', () => {
  test('enforces engine v3, SSE-KMS results under a dedicated prefix, the scan cutoff and CloudWatch metrics', () => {
    const { template, stack, key, bucket } = compose({ bytesScannedCutoffPerQuery: Size.mebibytes(100) });
    template().hasResourceProperties('AWS::Athena::WorkGroup', {
      State: 'ENABLED',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        BytesScannedCutoffPerQuery: 100 * 1024 * 1024,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfiguration: {
          OutputLocation: stack.resolve(bucket.s3UrlForObject('athena-results/')),
          EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: stack.resolve(key.keyArn) },
        },
      },
    });
  });

  test('expires results under the prefix when the bucket is defined in the app', () => {
    const { template } = compose();
    template().hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Id: 'expire-athena-results', Prefix: 'athena-results/', ExpirationInDays: 30 }),
        ]),
      },
    });
  });

  test('saves every lake query of the contract as a named query of the workgroup, in the gold database', () => {
    const { template, stack, query } = compose();
    const files = defaultContract().spec.lakeQueries;
    expect(Object.keys(query.namedQueries).sort()).toEqual(files.map((file) => file.name).sort());
    for (const file of files) {
      template().hasResourceProperties('AWS::Athena::NamedQuery', {
        Name: file.name,
        Database: 'dp_curated',
        QueryString: file.sql,
        WorkGroup: stack.resolve(query.workGroup.ref),
        Description: Match.stringLikeRegexp('^\\S.{10,1023}$'),
      });
    }
  });

  test('gives the analyst role exactly the query actions on the workgroup and catalog reads on the gold tables', () => {
    const { template, stack, query } = compose();
    const statements = statementsOf(template(), stack, query.analystRole);
    const athena = statements.find((s) => [s.Action].flat().includes('athena:StartQueryExecution'))!;
    expect([athena.Action].flat().sort()).toEqual([...ATHENA_QUERY_ACTIONS].sort());
    expect(JSON.stringify(athena.Resource)).toContain(':workgroup/');
    const glue = statements.find((s) => [s.Action].flat().includes('glue:GetTable'))!;
    expect([glue.Action].flat().sort()).toEqual([...CATALOG_READ_ACTIONS].sort());
    const tables = JSON.stringify(glue.Resource);
    for (const table of defaultContract().tableNames) expect(tables).toContain(`:table/dp_curated/${table}`);
    expect(tables).not.toContain('*');
  });

  test('lets the analyst read only gold/ objects, read and write only results, and use the lake key', () => {
    const { template } = compose();
    expect(lakeStatements(template(), 'QueryAnalystRole')).toEqual([
      getObjects('Curated', ['gold/', 'athena-results/']),
      listPrefixes('Curated', ['gold/', 'athena-results/']),
      useKey('LakeKey', 'read'),
      putObjects('Curated', ['athena-results/']),
      useKey('LakeKey', 'write'),
      {
        Effect: 'Allow',
        Action: 's3:ListMultipartUploadParts',
        Resource: objectArn('Curated', 'athena-results/*'),
      },
      { Effect: 'Allow', Action: 's3:GetBucketLocation', Resource: arnOf('Curated') },
    ]);
  });

  test('grantQuery gives another principal the same statements', () => {
    const { template, stack, query } = compose();
    const other = new iam.Role(stack, 'Other', { assumedBy: new iam.AccountRootPrincipal() });
    query.grantQuery(other);
    const strip = (statements: Statement[]) => JSON.stringify(statements);
    expect(strip(statementsOf(template(), stack, other))).toEqual(
      strip(statementsOf(template(), stack, query.analystRole)),
    );
    // The lake grants acknowledge their prefix wildcards on the grantee's role too.
    expect(unacknowledgedNagFindings(other)).toEqual([]);
  });

  test('serves another contract: its lake queries, its gold tables, where its layout puts them', () => {
    const { template, stack, query } = compose({ contract: freightContract() });
    expect(Object.keys(query.namedQueries)).toEqual(['cost_by_carrier_month']);
    const glue = statementsOf(template(), stack, query.analystRole).find((s) =>
      [s.Action].flat().includes('glue:GetTable'),
    )!;
    const tables = JSON.stringify(glue.Resource);
    for (const table of ['carrier_dim', 'calendar_dim', 'shipment_fact', 'return_fact'])
      expect(tables).toContain(`:table/dp_curated/${table}`);
    expect(tables).not.toContain('sales_fact');
    expect(lakeStatements(template(), 'QueryAnalystRole')[0]).toEqual(
      getObjects('Curated', ['star/', 'athena-results/']),
    );
  });

  test('has no unacknowledged cdk-nag findings', () => {
    const { query } = compose();
    expect(unacknowledgedNagFindings(query)).toEqual([]);
  });

  test.each<[string, Options, RegExp]>([
    [
      'a cutoff under 10 MiB',
      { bytesScannedCutoffPerQuery: Size.mebibytes(5) },
      /bytesScannedCutoffPerQuery must be between 10 MiB and 2047 MiB \(got 5 MiB\)/,
    ],
    [
      'a cutoff over 2047 MiB',
      { bytesScannedCutoffPerQuery: Size.gibibytes(2) },
      /bytesScannedCutoffPerQuery must be between 10 MiB and 2047 MiB \(got 2048 MiB\)/,
    ],
    [
      'a results prefix without a slash',
      { resultsPrefix: 'results' },
      /resultsPrefix must be lowercase letters, digits, - and _, ending in \/ \(got "results"\)/,
    ],
    [
      'a results prefix inside gold/',
      { resultsPrefix: 'gold/results/' },
      /resultsPrefix must lie outside the lake zones gold\//,
    ],
    [
      "a results prefix inside another contract's gold zone",
      { contract: freightContract(), resultsPrefix: 'star/results/' },
      /resultsPrefix must lie outside the lake zones star\/ and validated\/csv\/ \(got "star\/results\/"\)/,
    ],
    [
      'a bad workgroup name',
      { workGroupName: 'no spaces' },
      /workGroupName must be 1-128 letters, digits, \., _ or - \(got "no spaces"\)/,
    ],
  ])('fails on %s', (_name, options, message) => {
    expect(() => compose(options)).toThrow(message);
  });

  test("fails on a contract other than the catalog's", () => {
    expect(() => compose({ contract: defaultContract() }, freightContract())).toThrow(
      /contract must be the contract the catalog declares \(version .*\), whose gold tables the queries read .*pass the same contract to both or leave it out/,
    );
  });
});
