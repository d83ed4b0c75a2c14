/**
 * The warehouse side of streaming ingestion: sql/streaming planned after the migrations with
 * its slots filled, the namespace role and custom resource wiring, and the presentation view's
 * logic on PostgreSQL (PGlite), where a plain table stands in for the Kinesis-fed view.
 */
import { App, Stack, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { defaultContract } from '../../contract';
import { planMigrations } from '../../core/warehouse/migrations';
import { readMigrations, readSqlFile, readStreamingMigrations } from '../../contract/sql-files';
import { iamRoleArnLiteral, streamNameIdentifier } from '../../core/warehouse/sql-template';
import { StreamingIngestion } from '../../lib/streaming';
import { DataLakeStorage } from '../../lib/storage';
import { RedshiftWarehouse } from '../../lib/warehouse';
import { PgliteExecutor } from '../../adapters/local/pglite-executor';
import { applyMigrations } from '../../core/warehouse/migrations';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/redshift-streaming';
const slots = () => ({
  streaming_role_arn: iamRoleArnLiteral(ROLE_ARN),
  stream_name: streamNameIdentifier('dp-dev-sale-events'),
});

describe('streaming migrations', () => {
  test('run after the versioned migrations, with the role and stream filled in', () => {
    const steps = planMigrations(
      {
        migrations: readMigrations(),
        appliedAt: new Date(),
        templated: [{ migrations: readStreamingMigrations(), slots: slots() }],
      },
      [],
    );
    const versions = steps.map((step) => step.version);
    expect(versions.slice(-4)).toEqual([
      '0014_create_external_schema_sale_events_stream',
      '0015_create_mv_sale_events',
      '0016_create_sale_events',
      '0017_create_sales_today_by_region',
    ]);
    const sql = steps.slice(-4).map((step) => step.statements[0].sql);
    expect(sql[0]).toMatch(/from kinesis\s+iam_role 'arn:aws:iam::123456789012:role\/redshift-streaming'$/);
    expect(sql[1]).toMatch(/auto refresh yes/);
    expect(sql[1]).toMatch(/from sale_events_stream\."dp-dev-sale-events"/);
    expect(sql.join('\n')).not.toMatch(/\{\{/);
  });

  test('parse each stream record once, into SUPER, and read typed fields from it', () => {
    const [, view, typed] = readStreamingMigrations().map((file) => file.sql);
    expect(view.match(/\bjson_parse\(/g)).toHaveLength(1);
    expect(view).toMatch(/json_parse\(kinesis_data\) as payload/);
    expect(`${view}\n${typed}`).not.toMatch(/json_extract_path_text|json_parse\([a-z.]*payload/);
    expect(typed).toMatch(/mv\.payload\.sale_id/);
  });

  test('are not planned unless a stream is wired in', () => {
    const steps = planMigrations({ migrations: readMigrations(), appliedAt: new Date() }, []);
    expect(steps.map((step) => step.version)).not.toContain('0015_create_mv_sale_events');
  });

  test('fails when a streaming file shares a version number with a migration', () => {
    const clash = {
      ...readStreamingMigrations()[0],
      name: readMigrations()[0].name.replace(/_.*/, '_clash'),
    };
    expect(() =>
      planMigrations(
        {
          migrations: readMigrations(),
          appliedAt: new Date(),
          templated: [{ migrations: [clash], slots: slots() }],
        },
        [],
      ),
    ).toThrow(/share version 0001/);
  });

  test('fails when a slot has no value', () => {
    expect(() =>
      planMigrations(
        {
          migrations: [],
          appliedAt: new Date(),
          templated: [{ migrations: readStreamingMigrations(), slots: { stream_name: slots().stream_name } }],
        },
        [],
      ),
    ).toThrow(/slot \{\{ streaming_role_arn \}\} has no value/);
  });

  test.each([
    [() => iamRoleArnLiteral("arn:aws:iam::123456789012:role/x' or '1"), /is not an IAM role ARN/],
    [() => iamRoleArnLiteral('arn:aws:s3:::bucket'), /is not an IAM role ARN/],
    [() => streamNameIdentifier('Sales"; drop table x'), /is not a lowercase Kinesis stream name/],
  ])('fails on a slot value that could change the statement (%#)', (make, message) => {
    expect(make).toThrow(message);
  });
});

describe('RedshiftWarehouse.addStreamingIngestion', () => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Platform', { env: { account: '123456789012', region: 'eu-west-1' } });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const bucket = (id: string) => new s3.Bucket(stack, id, { encryptionKey: key });
  const lake = DataLakeStorage.fromLakeAttributes(stack, 'Lake', {
    rawBucket: bucket('Raw'),
    curatedBucket: bucket('Curated'),
    quarantineBucket: bucket('Quarantine'),
    key,
  });
  const warehouse = new RedshiftWarehouse(stack, 'Warehouse', { lake });
  const streaming = new StreamingIngestion(stack, 'Streaming', { lake, streamName: 'dp-dev-sale-events' });
  warehouse.addStreamingIngestion({ role: streaming.redshiftRole, streamName: streaming.stream.streamName });
  const template = Template.fromStack(stack);

  test('attaches the streaming role to the namespace beside the COPY role', () => {
    template.hasResourceProperties('AWS::RedshiftServerless::Namespace', {
      IamRoles: [
        { 'Fn::GetAtt': [Match.stringLikeRegexp('^WarehouseCopyRole'), 'Arn'] },
        { 'Fn::GetAtt': [Match.stringLikeRegexp('^StreamingRedshiftRole'), 'Arn'] },
      ],
      DefaultIamRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WarehouseCopyRole'), 'Arn'] },
    });
  });

  test('passes the role and stream to the migrations, after the role and its policy exist', () => {
    const resources = template.findResources('Custom::RedshiftSchemaMigrations');
    const [migrations] = Object.values(resources) as {
      Properties: Record<string, unknown>;
      DependsOn: string[];
    }[];
    expect(migrations.Properties.Streaming).toEqual({
      RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^StreamingRedshiftRole/), 'Arn'] },
      StreamName: { Ref: expect.stringMatching(/^Streaming/) },
    });
    expect(migrations.DependsOn).toEqual(
      expect.arrayContaining([expect.stringMatching(/^StreamingRedshiftRoleDefaultPolicy/)]),
    );
  });

  test('opens a Kinesis endpoint in the isolated VPC that only the workgroup reaches, before the migrations run', () => {
    const [endpointId] = Object.keys(
      template.findResources('AWS::EC2::VPCEndpoint', {
        Properties: { ServiceName: 'com.amazonaws.eu-west-1.kinesis-streams', PrivateDnsEnabled: true },
      }),
    );
    expect(endpointId).toMatch(/KinesisStreamsEndpoint/);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('WorkgroupSecurityGroup'), 'GroupId'] },
    });
    const [migrations] = Object.values(template.findResources('Custom::RedshiftSchemaMigrations'));
    expect(migrations.DependsOn).toEqual(expect.arrayContaining([endpointId]));
  });

  test('lets the streaming role list streams and shards, as streaming ingestion requires', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^StreamingRedshiftRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Action: ['kinesis:ListStreams', 'kinesis:ListShards'], Effect: 'Allow', Resource: '*' },
        ]),
      },
    });
  });

  test('fails when streaming ingestion is added twice', () => {
    expect(() =>
      warehouse.addStreamingIngestion({ role: streaming.redshiftRole, streamName: 'other' }),
    ).toThrow(/already enabled/);
  });
});

describe('presentation.sales_today_by_region (PGlite; a table stands in for the view staging.sale_events)', () => {
  let warehouse: PgliteExecutor;

  beforeAll(async () => {
    warehouse = await PgliteExecutor.create({ objectRoot: '/nonexistent' });
    await applyMigrations(warehouse, {
      contract: defaultContract(),
      migrations: readMigrations(),
      appliedAt: new Date(),
    });
    await warehouse.db.exec(`
      create table staging.sale_events (
        event_id varchar(36), sale_id bigint, location_id bigint, quantity integer,
        unit_price decimal(12, 2), discount decimal(18, 2), occurred_at timestamptz
      );
      insert into presentation.location_dim values
        (-1, -1, 'Unknown', 'Unknown', 'Unknown', 'Unknown', 'Unknown'),
        (11, 100, 'Main St', 'Leeds', null, 'North', 'UK'),
        (12, 101, 'High St', 'Bath', null, 'South', 'UK');
      insert into staging.sale_events values
        ('e1', 1, 100, 2, 10.00, 1.00, now()),
        ('e1', 1, 100, 2, 10.00, 1.00, now()),                       -- redelivered
        ('e2', 2, 100, 1, 5.00, 0, now() - interval '1 second'),
        ('e3', 2, 100, 3, 5.00, 0, now()),                           -- sale 2 corrected later
        ('e4', 3, 101, 1, 7.50, 0.50, now()),
        ('e5', 4, 999, 1, 3.00, 0, now()),                           -- store not loaded yet
        ('e6', 5, 100, 9, 1.00, 0, now() - interval '3 days'),       -- not today
        ('e7', null, 100, 1, 1.00, 0, now());                        -- unparsable sale_id
    `);
    await warehouse.execute({ sql: readSqlFile('streaming/0017_create_sales_today_by_region.sql').sql });
  });

  afterAll(() => warehouse?.db.close());

  test("counts each of today's sales once per region, the latest event of a sale winning", async () => {
    const { rows } = await warehouse.db.query(
      'select region, sale_count, units_sold, gross_revenue, discount_total, net_revenue from presentation.sales_today_by_region order by region',
    );
    expect(rows).toEqual([
      {
        region: 'North',
        sale_count: 2,
        units_sold: 5,
        gross_revenue: '35.00',
        discount_total: '1.00',
        net_revenue: '34.00',
      },
      {
        region: 'South',
        sale_count: 1,
        units_sold: 1,
        gross_revenue: '7.50',
        discount_total: '0.50',
        net_revenue: '7.00',
      },
      {
        region: 'Unknown',
        sale_count: 1,
        units_sold: 1,
        gross_revenue: '3.00',
        discount_total: '0.00',
        net_revenue: '3.00',
      },
    ]);
  });
});
