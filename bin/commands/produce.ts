import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { produceRecords } from '../../adapters/aws/kinesis-producer';
import { ndjsonRecords } from '../../core/streaming/ndjson-records';
import { Command, UsageError } from './command';

/**
 * `produce --stream NAME --file events.ndjson [--endpoint URL]`: sends each non-empty line
 * as one Kinesis record (partition key: its event_id), for tests, demos, backfills and replays
 * of fixed quarantined events. Exits 0 when every record was sent, 1 when any still failed
 * after the retries.
 */
export const produceCommand: Command = {
  name: 'produce',
  usage: '--stream NAME --file events.ndjson [--endpoint URL]',
  async run(args, output) {
    const { stream, file, endpoint } = parseProduceArgs(args);
    if (!(await stat(file).catch(() => undefined))?.isFile()) throw new UsageError(`no such file: ${file}`);
    // The Kinesis client defaults to HTTP/2; local emulators (moto, LocalStack) speak HTTP/1.1.
    const client = new KinesisClient(endpoint ? { endpoint, requestHandler: new NodeHttpHandler() } : {});
    try {
      const result = await produceRecords(ndjsonRecords(file), { client, streamName: stream });
      output.out(`${stream}: ${result.sent} sent, ${result.failed} failed`);
      for (const [code, count] of Object.entries(result.failures)) output.out(`  ${code}: ${count}`);
      return result.failed === 0 ? 0 : 1;
    } finally {
      client.destroy();
    }
  },
};

function parseProduceArgs(args: readonly string[]) {
  let values: { stream?: string; file?: string; endpoint?: string };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { stream: { type: 'string' }, file: { type: 'string' }, endpoint: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  const { stream, file, endpoint } = values;
  if (!stream || !file) throw new UsageError('--stream and --file are required');
  if (endpoint !== undefined && !URL.canParse(endpoint))
    throw new UsageError(`--endpoint is not a URL: ${endpoint}`);
  return { stream, file, endpoint };
}
