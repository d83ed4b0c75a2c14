import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { runCli } from '../../../bin/commands';
import { MotoServer, startMoto, useDummyAwsEnvironment } from '../../helpers/moto';
import { eventId, saleEvent } from '../../helpers/streaming';

const STREAM = 'sale-events';

async function cli(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

/** Every record of every shard, from the start of the stream. */
async function readAll(kinesis: KinesisClient): Promise<string[]> {
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: STREAM }));
  const data: string[] = [];
  for (const shard of Shards) {
    let iterator = (
      await kinesis.send(
        new GetShardIteratorCommand({
          StreamName: STREAM,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      )
    ).ShardIterator;
    while (iterator) {
      const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      for (const record of page.Records ?? []) data.push(Buffer.from(record.Data!).toString());
      iterator = page.Records?.length ? page.NextShardIterator : undefined;
    }
  }
  return data;
}

describe('cli produce (moto Kinesis)', () => {
  let moto: MotoServer;
  let restoreEnvironment: () => void;
  let kinesis: KinesisClient;
  let dir: string;

  beforeAll(async () => {
    moto = await startMoto();
    restoreEnvironment = useDummyAwsEnvironment();
    kinesis = new KinesisClient({ endpoint: moto.endpoint, requestHandler: new NodeHttpHandler() });
    await kinesis.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: 4 }));
    dir = await mkdtemp(path.join(os.tmpdir(), 'cli-produce-'));
  });

  afterAll(async () => {
    kinesis?.destroy();
    restoreEnvironment?.();
    await moto?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('sends 2,000 events over HTTP in PutRecords batches; reading every shard back finds each exactly once', async () => {
    // Prepare: the file ends with blank lines, which are not events.
    const lines = Array.from({ length: 2000 }, (_, i) =>
      JSON.stringify(saleEvent({ event_id: eventId(i), sale_id: i + 1 })),
    );
    const file = path.join(dir, 'events.ndjson');
    await writeFile(file, `${lines.join('\n')}\n\n`);

    // Act
    const result = await cli('produce', '--stream', STREAM, '--file', file, '--endpoint', moto.endpoint);

    // Assess
    expect(result).toEqual({ code: 0, out: [`${STREAM}: 2000 sent, 0 failed`], err: [] });
    const received = await readAll(kinesis);
    expect(received).toHaveLength(2000);
    expect(received.sort()).toEqual([...lines].sort());
  });

  test('exits 1 and prints the error counts when records cannot be sent after the retries', async () => {
    const file = path.join(dir, 'two.ndjson');
    await writeFile(file, `${JSON.stringify(saleEvent())}\nnot json\n`);

    const result = await cli(
      'produce',
      '--stream',
      'no-such-stream',
      '--file',
      file,
      '--endpoint',
      moto.endpoint,
    );

    expect(result.code).toBe(1);
    expect(result.out[0]).toBe('no-such-stream: 0 sent, 2 failed');
    expect(result.out[1]).toMatch(/ResourceNotFound.*: 2$/);
  });
});

describe('cli produce usage', () => {
  test.each([
    [['--file', 'events.ndjson'], /--stream and --file are required/],
    [['--stream', 's'], /--stream and --file are required/],
    [['--stream', 's', '--file', '/no/such/file.ndjson'], /no such file: \/no\/such\/file\.ndjson/],
    [['--stream', 's', '--file', __filename, '--endpoint', 'localhost 4566'], /--endpoint is not a URL/],
    [['--stream', 's', '--file', __filename, '--shards', '2'], /Unknown option '--shards'/],
    [
      ['--stream', 's', '--file', __filename, '--event', 'refund_event'],
      /\(--event: unknown event "refund_event": the contract has sale_event\)$/,
    ],
  ])('fails with exit code 2 and one usage line for %j', async (args, message) => {
    const result = await cli('produce', ...args);
    expect(result.code).toBe(2);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(
      /^usage: cli produce --stream NAME --file events\.ndjson \[--contract FILE\] \[--event NAME\] \[--endpoint URL\] \(/,
    );
    expect(result.err[0]).toMatch(message);
  });
});
