import { App, Stack, aws_iam as iam, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Contract, defaultContract } from '../../contract';
import { DataCatalog } from '../../lib/catalog/data-catalog';
import { LakeFormationAccess, LakeFormationAccessProps } from '../../lib/governance';
import { DataLakeStorage } from '../../lib/storage';
import { deleteObjects, getObjects, lakeStatements, listPrefixes, putObjects, useKey } from '../helpers/iam';
import { freightContract } from '../helpers/construct-contracts';
import { unacknowledgedNagFindings } from '../helpers/nag';

const TABLES = ['customer_dim', 'sales_fact'];

/** The grants on a catalog of `catalogContract` (by default the grants' contract, or the sales example). */
function compose(options: Partial<LakeFormationAccessProps> = {}, catalogContract?: Contract) {
  const app = new App();
  const stack = new Stack(app, 'Lake', { env: { account: '111111111111', region: 'eu-west-1' } });
  const key = new kms.Key(stack, 'LakeKey', { enableKeyRotation: true });
  const bucket = new s3.Bucket(stack, 'Curated', { encryptionKey: key, enforceSSL: true });
  const role = (id: string, service: string) =>
    new iam.Role(stack, id, { assumedBy: new iam.ServicePrincipal(service) });
  const roles = {
    analyst: new iam.Role(stack, 'Analyst', { assumedBy: new iam.AccountRootPrincipal() }),
    job: role('Job', 'glue.amazonaws.com'),
    crawler: role('Crawler', 'glue.amazonaws.com'),
  };
  const lake = DataLakeStorage.fromLakeAttributes(stack, 'Lake', {
    rawBucket: s3.Bucket.fromBucketName(stack, 'Raw', 'lake-raw'),
    curatedBucket: bucket,
    quarantineBucket: s3.Bucket.fromBucketName(stack, 'Quarantine', 'lake-quarantine'),
    key,
  });
  const access = new LakeFormationAccess(stack, 'LakeFormation', {
    lake,
    catalog: DataCatalog.fromCatalogAttributes(stack, 'Catalog', {
      contract: catalogContract ?? options.contract ?? defaultContract(),
      validatedDatabaseName: 'dp_validated',
      curatedDatabaseName: 'dp_curated',
      validatedCrawlerName: 'dp-validated',
      curatedCrawlerName: 'dp-curated',
      securityConfigurationName: 'dp-security',
    }),
    tables: TABLES,
    readers: [roles.analyst],
    jobRole: roles.job,
    crawlerRole: roles.crawler,
    ...options,
  });
  return { stack, access, bucket, roles, template: () => Template.fromStack(stack) };
}

type Grant = { Principal: unknown; Resource: Record<string, unknown>; Permissions: string[] };

function grantsOf(template: Template, stack: Stack, role: iam.IRole): Grant[] {
  return Object.values(template.findResources('AWS::LakeFormation::PrincipalPermissions'))
    .map((resource) => (resource as { Properties: Grant }).Properties)
    .filter(
      (grant) =>
        JSON.stringify(grant.Principal) ===
        JSON.stringify({ DataLakePrincipalIdentifier: stack.resolve(role.roleArn) }),
    );
}

describe('LakeFormationAccess', () => {
  test('registers gold/ of the curated bucket in hybrid access mode with its own data access role', () => {
    const { template, stack, access, bucket } = compose();
    template().hasResourceProperties('AWS::LakeFormation::Resource', {
      ResourceArn: stack.resolve(`${bucket.bucketArn}/gold`),
      UseServiceLinkedRole: false,
      RoleArn: stack.resolve(access.dataAccessRole.roleArn),
      HybridAccessEnabled: true,
    });
    template().hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({ Principal: { Service: 'lakeformation.amazonaws.com' } }),
          Match.objectLike({ Principal: { Service: 'glue.amazonaws.com' } }),
        ],
      },
    });
  });

  test('lets its data access role read, write and delete gold/ objects with the lake key, and nothing else in the lake', () => {
    const { template } = compose();
    expect(lakeStatements(template(), 'LakeFormationDataAccessRole')).toEqual([
      getObjects('Curated', ['gold/']),
      listPrefixes('Curated', ['gold/']),
      useKey('LakeKey', 'read'),
      putObjects('Curated', ['gold/']),
      useKey('LakeKey', 'write'),
      deleteObjects('Curated', ['gold/']),
    ]);
  });

  test("registers the gold zone where the contract's layout puts it", () => {
    const { template, stack, bucket } = compose({ contract: freightContract(), tables: ['shipment_fact'] });
    template().hasResourceProperties('AWS::LakeFormation::Resource', {
      ResourceArn: stack.resolve(`${bucket.bucketArn}/star`),
    });
    expect(lakeStatements(template(), 'LakeFormationDataAccessRole')[0]).toEqual(
      getObjects('Curated', ['star/']),
    );
  });

  test('registers with Lake Formation permissions alone when hybrid access is off', () => {
    const { template } = compose({ hybridAccess: false });
    template().hasResourceProperties('AWS::LakeFormation::Resource', { HybridAccessEnabled: false });
  });

  test('grants readers and the job SELECT and DESCRIBE on each gold table, nothing with grant option', () => {
    const { template, stack, roles } = compose();
    for (const role of [roles.analyst, roles.job]) {
      const grants = grantsOf(template(), stack, role);
      expect(grants.map((grant) => [grant.Resource, grant.Permissions])).toEqual(
        TABLES.map((name) => [
          { Table: { CatalogId: '111111111111', DatabaseName: 'dp_curated', Name: name } },
          ['SELECT', 'DESCRIBE'],
        ]),
      );
    }
    template().allResourcesProperties('AWS::LakeFormation::PrincipalPermissions', {
      PermissionsWithGrantOption: [],
    });
  });

  test('grants the crawler ALTER on the tables and data location access to gold/, after registration', () => {
    const { template, stack, roles, bucket } = compose();
    const grants = grantsOf(template(), stack, roles.crawler);
    expect(grants.map((grant) => grant.Permissions)).toEqual([
      ['ALTER', 'DESCRIBE'],
      ['ALTER', 'DESCRIBE'],
      ['DATA_LOCATION_ACCESS'],
    ]);
    expect(grants[2].Resource).toEqual({
      DataLocation: { CatalogId: '111111111111', ResourceArn: stack.resolve(`${bucket.bucketArn}/gold`) },
    });
    const location = Object.keys(template().findResources('AWS::LakeFormation::Resource'))[0];
    for (const resource of Object.values(
      template().findResources('AWS::LakeFormation::PrincipalPermissions'),
    )) {
      expect((resource as { DependsOn: string[] }).DependsOn).toContain(location);
    }
  });

  test('has no unacknowledged cdk-nag findings', () => {
    const { access } = compose();
    expect(unacknowledgedNagFindings(access)).toEqual([]);
  });

  test('grants on every gold table of the catalog by default', () => {
    const { template, stack, roles } = compose({ tables: undefined });
    const grants = grantsOf(template(), stack, roles.analyst);
    expect(grants.map((grant) => (grant.Resource.Table as { Name: string }).Name)).toEqual(
      defaultContract().tableNames,
    );
  });

  test("fails on a contract other than the catalog's", () => {
    expect(() =>
      compose({ contract: freightContract(), tables: ['shipment_fact'] }, defaultContract()),
    ).toThrow(
      /contract must be the contract the catalog declares \(version .*\), whose gold zone is registered .*pass the same contract to both or leave it out/,
    );
  });

  test('fails without tables', () => {
    expect(() => compose({ tables: [] })).toThrow(/tables must name at least one gold table \(got none\)/);
  });

  test('fails on a table the catalog does not declare, naming the ones it does', () => {
    expect(() => compose({ tables: ['sales_fact', 'carrier_dim'] })).toThrow(
      /tables must name gold tables of the catalog \(got carrier_dim\): choose from customer_dim, product_dim, location_dim, date_dim, sales_fact/,
    );
  });
});
