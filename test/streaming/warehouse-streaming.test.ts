/**
 * The warehouse side of streaming ingestion: the streaming migrations generated for the
 * streamed event, planned after the migrations with their slots filled as the migrations
 * Lambda reads them from its bundle, parsed by sqlfluff's Redshift grammar, and the namespace
 * role and custom resource wiring.
 */
import { App, Stack, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract, defaultContract } from '../../contract';
import { readMigrations, readStreamingMigrations, SqlFile } from '../../contract/sql-files';
import { planMigrations } from '../../core/warehouse/migrations';
import { iamRoleArnLiteral, streamNameIdentifier } from '../../core/warehouse/sql-template';
import { DataLakeStorage } from '../../lib/storage';
import { StreamingIngestion } from '../../lib/streaming';
import { RedshiftWarehouse } from '../../lib/warehouse';
import { posixPattern, streamingMigrations, StreamingSqlFile } from '../../lib/warehouse/streaming-sql';
import { editedSalesContract, freightContract } from '../helpers/construct-contracts';

const ROOT = join(__dirname, '..', '..');
const ROLE_ARN = 'arn:aws:iam::123456789012:role/redshift-streaming';
const slots = () => ({
  streaming_role_arn: iamRoleArnLiteral(ROLE_ARN),
  stream_name: streamNameIdentifier('dp-dev-sale-events'),
});

/**
 * The generated files as the migrations Lambda reads them: the repository's sql/ with
 * sql/streaming/ added, as its bundle holds them (WAREHOUSE_SQL_ROOT points there).
 */
function asBundled(files: readonly StreamingSqlFile[]): { streaming: SqlFile[]; migrations: SqlFile[] } {
  const dir = mkdtempSync(join(tmpdir(), 'bundled-sql-'));
  const saved = process.env.WAREHOUSE_SQL_ROOT;
  try {
    cpSync(join(ROOT, 'sql'), join(dir, 'sql'), { recursive: true });
    mkdirSync(join(dir, 'sql', 'streaming'), { recursive: true });
    for (const file of files) writeFileSync(join(dir, 'sql', 'streaming', `${file.name}.sql`), file.sql);
    process.env.WAREHOUSE_SQL_ROOT = join(dir, 'sql');
    return { streaming: readStreamingMigrations(), migrations: readMigrations() };
  } finally {
    if (saved === undefined) delete process.env.WAREHOUSE_SQL_ROOT;
    else process.env.WAREHOUSE_SQL_ROOT = saved;
    rmSync(dir, { recursive: true, force: true });
  }
}

const sales = () => streamingMigrations(defaultContract(), 'sale_event');
const freight = () => streamingMigrations(freightContract(), 'shipment_event');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('streaming migrations', () => {
  test('are, for the sales event, the 0014 and 0015 files deployed warehouses recorded, byte for byte', () => {
    const [schema, view] = sales();
    // schema_migrations holds each file's SHA-256: a changed text would fail the next deploy.
    expect([schema.name, sha256(schema.sql)]).toEqual([
      '0014_create_external_schema_sale_events_stream',
      'a5d8c5c76ddc0369b278fa5d9ab529824ae4831e1f778642b261ab4c52498f22',
    ]);
    expect([view.name, sha256(view.sql)]).toEqual([
      '0015_create_mv_sale_events',
      '695ddbd38d7cea664b2f90de463d7873c111f7ab60d2e5ecbb7c1c8a3d9cdea6',
    ]);
  });

  test('run after the versioned migrations, with the role and stream filled in', () => {
    const { streaming, migrations } = asBundled(sales());
    const steps = planMigrations(
      { migrations, appliedAt: new Date(), templated: [{ migrations: streaming, slots: slots() }] },
      [],
    );
    const versions = steps.map((step) => step.version);
    expect(versions.slice(-3)).toEqual([
      '0014_create_external_schema_sale_events_stream',
      '0015_create_mv_sale_events',
      expect.stringMatching(/^0016_create_sale_events_[0-9a-f]{8}$/),
    ]);
    const sql = steps.slice(-3).map((step) => step.statements.map((statement) => statement.sql));
    expect(sql[0][0]).toMatch(
      /from kinesis\s+iam_role 'arn:aws:iam::123456789012:role\/redshift-streaming'$/,
    );
    expect(sql[1][0]).toMatch(/auto refresh yes/);
    expect(sql[1][0]).toMatch(/from sale_events_stream\."dp-dev-sale-events"/);
    // Dropped and created in one transaction: Redshift replaces a view only with the same columns.
    expect(sql[2][0]).toMatch(/\ndrop view if exists staging\.sale_events$/);
    expect(sql[2][1]).toMatch(/^create view staging\.sale_events as/);
    expect(sql.flat().join('\n')).not.toMatch(/\{\{/);
  });

  test('parse each stream record once, into SUPER, and read typed fields from it', () => {
    const [, view, typed] = sales().map((file) => file.sql);
    expect(view.match(/\bjson_parse\(/g)).toHaveLength(1);
    expect(view).toMatch(/json_parse\(kinesis_data\) as payload/);
    expect(`${view}\n${typed}`).not.toMatch(/json_extract_path_text|json_parse\([a-z.]*payload/);
    expect(typed).toMatch(/mv\.payload\.sale_id/);
  });

  test("type every field of the event, its envelope then its dataset's columns, filtered on its constant", () => {
    const typed = freight()[2].sql;
    const columns = [...typed.matchAll(/ end as ([a-z_]+)/g)].map((match) => match[1]);
    expect(columns).toEqual([
      'event_id',
      'occurred_at',
      'shipment_id',
      'carrier_id',
      'shipped_on',
      'delivered_on',
      'weight_kg',
      'cost',
      'surcharge',
    ]);
    expect(typed).toMatch(
      /when weight_kg ~ '\^-\?\[0-9\]\{1,8\}\(\[\.\]\[0-9\]\{1,2\}\)\?\$' then cast\(weight_kg as decimal\(10, 2\)\)/,
    );
    expect(typed).toMatch(/when shipment_id ~ '\^-\?\[0-9\]\{1,18\}\$' then cast\(shipment_id as bigint\)/);
    // A date that TO_DATE would carry over into the next month is no date.
    expect(typed).toMatch(
      /to_char\(to_date\(shipped_on, 'YYYY-MM-DD'\), 'YYYY-MM-DD'\) = shipped_on then to_date\(shipped_on, 'YYYY-MM-DD'\)/,
    );
    expect(typed).toMatch(/when coalesce\(surcharge, ''\) = '' then cast\('0' as decimal\(12, 2\)\)/);
    expect(typed).toMatch(/then lower\(event_id\)/);
    // The contract's \. becomes [.], which Redshift's POSIX matcher reads as a literal dot.
    expect(typed).toMatch(
      /occurred_at ~ '.*\(\[\.\]\[0-9\]\{1,9\}\)\?.*' then cast\(occurred_at as timestamptz\)/,
    );
    expect(typed).toMatch(/where event_type = 'shipment';\n$/);
    expect(typed).toMatch(/from staging\.mv_shipment_events as mv/);
  });

  test("is SQL that sqlfluff's Redshift grammar parses, for the sales and the freight contract's event", () => {
    const dir = mkdtempSync(join(tmpdir(), 'streaming-sql-'));
    try {
      for (const file of [...sales(), ...freight()]) writeFileSync(join(dir, `${file.name}.sql`), file.sql);
      const parse = spawnSync(
        join(ROOT, '.venv', 'bin', 'sqlfluff'),
        ['parse', '--config', join(ROOT, '.sqlfluff'), dir],
        {
          encoding: 'utf8',
        },
      );
      expect(parse.stdout.match(/unparsable/gi) ?? []).toEqual([]);
      expect(parse.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("version the typed view by its text: a change to the event's dataset is a new migration", () => {
    const widened = streamingMigrations(
      editedSalesContract((spec) => ({
        ...spec,
        datasets: {
          ...spec.datasets,
          sales: {
            ...spec.datasets.sales,
            columns: [
              ...spec.datasets.sales.columns,
              { name: 'channel', type: 'string', required: false, storage: 'varchar(16)' },
            ],
          },
        },
      })),
      'sale_event',
    );
    const before = sales();
    expect(widened.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(widened[2].name).not.toBe(before[2].name);
    expect(widened[2].sql).toMatch(/mv\.payload\.channel/);
  });

  test('are not planned unless a stream is wired in', () => {
    const steps = planMigrations({ migrations: readMigrations(), appliedAt: new Date() }, []);
    expect(steps.map((step) => step.version)).not.toContain('0015_create_mv_sale_events');
  });

  test('fails when a streaming file shares a version number with a migration', () => {
    const { streaming, migrations } = asBundled(sales());
    const clash = { ...streaming[0], name: migrations[0].name.replace(/_.*/, '_clash') };
    expect(() =>
      planMigrations(
        { migrations, appliedAt: new Date(), templated: [{ migrations: [clash], slots: slots() }] },
        [],
      ),
    ).toThrow(/share version 0001/);
  });

  test('fails when a slot has no value', () => {
    const { streaming } = asBundled(sales());
    expect(() =>
      planMigrations(
        {
          migrations: [],
          appliedAt: new Date(),
          templated: [{ migrations: streaming, slots: { stream_name: slots().stream_name } }],
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

  const withEnvelope = (edit: (spec: Contract['spec']) => Contract['spec']) => () =>
    streamingMigrations(editedSalesContract(edit), 'sale_event');
  test.each([
    [
      'an envelope field that is also a dataset column',
      withEnvelope((spec) => ({
        ...spec,
        events: {
          sale_event: {
            ...spec.events.sale_event,
            envelope: [
              ...spec.events.sale_event.envelope,
              { ...spec.events.sale_event.envelope[2], name: 'sale_date' },
            ],
          },
        },
      })),
      /events\.sale_event: envelope field sale_date is also a column of dataset sales; the typed view needs distinct names/,
    ],
    [
      'an envelope pattern with an escape Redshift would read differently',
      withEnvelope((spec) => ({
        ...spec,
        events: {
          sale_event: {
            ...spec.events.sale_event,
            envelope: spec.events.sale_event.envelope.map((field) =>
              field.name === 'event_id' ? { ...field, pattern: '^\\w{8}$' } : field,
            ),
          },
        },
      })),
      /events\.sale_event\.envelope\.event_id: the streaming view cannot translate the escape \\w of pattern \^\\w\{8\}\$; write it without a backslash/,
    ],
    [
      'an event whose streaming objects exceed Redshift identifiers',
      () => streamingMigrations(salesWithEventNamed('e'.repeat(120)), 'e'.repeat(120)),
      /event e+: the streaming object e+s_stream is longer than Redshift's 127-byte identifiers; shorten the event name/,
    ],
  ])('fails on %s', (_, generate, message) => {
    expect(generate).toThrow(message);
  });

  test('translates only the escapes it knows, outside bracket expressions', () => {
    expect(posixPattern('^[0-9]+(\\.[0-9]{1,2})?\\d-\\-$', 'x')).toBe('^[0-9]+([.][0-9]{1,2})?[0-9]-[-]$');
    expect(() => posixPattern('^[\\s]$', 'x')).toThrow(/cannot translate the escape \\s/);
  });
});

function salesWithEventNamed(name: string): Contract {
  return editedSalesContract((spec) => ({ ...spec, events: { [name]: spec.events.sale_event } }));
}

describe('RedshiftWarehouse.addStreamingIngestion', () => {
  const app = new App();
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
