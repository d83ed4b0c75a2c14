import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { produceRecords } from '../../adapters/aws/kinesis-producer';
import { ndjsonRecords } from '../../core/streaming/ndjson-records';
import { streamEventName } from '../../core/streaming/stream-event';
import { Command, UsageError } from './command';
import { contractOption } from './contract-option';

/**
 * `produce --stream NAME --file events.ndjson [--contract FILE] [--event NAME] [--endpoint URL]`:
 * sends each non-empty line as one Kinesis record (partition key: the line's event key, the
 * `key` envelope field of the contract event the stream carries: --event, else the contract's
 * only one), for tests, demos, backfills and replays of fixed quarantined events. Exits 0
 * when every record was sent, 1 when any still failed after the retries.
 */
export const produceCommand: Command = {
  name: 'produce',
  usage: '--stream NAME --file events.ndjson [--contract FILE] [--event NAME] [--endpoint URL]',
  async run(args, output) {
    const { stream, file, endpoint, keyField } = parseProduceArgs(args);
    if (!(await stat(file).catch(() => undefined))?.isFile()) throw new UsageError(`no such file: ${file}`);
    // The Kinesis client defaults to HTTP/2; local emulators (moto, LocalStack) speak HTTP/1.1.
    const client = new KinesisClient(endpoint ? { endpoint, requestHandler: new NodeHttpHandler() } : {});
    try {
      const result = await produceRecords(ndjsonRecords(file, keyField), { client, streamName: stream });
      output.out(`${stream}: ${result.sent} sent, ${result.failed} failed`);
      for (const [code, count] of Object.entries(result.failures)) output.out(`  ${code}: ${count}`);
      return result.failed === 0 ? 0 : 1;
    } finally {
      client.destroy();
    }
  },
};

function parseProduceArgs(args: readonly string[]) {
  let values: { stream?: string; file?: string; contract?: string; event?: string; endpoint?: string };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        stream: { type: 'string' },
        file: { type: 'string' },
        contract: { type: 'string' },
        event: { type: 'string' },
        endpoint: { type: 'string' },
      },
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
  const contract = contractOption(values.contract);
  let event: string;
  try {
    event = streamEventName(contract, values.event);
  } catch (error) {
    throw new UsageError(`--event: ${(error as Error).message}`);
  }
  return { stream, file, endpoint, keyField: contract.event(event).key };
}
