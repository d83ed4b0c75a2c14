/**
 * The app with another contract: `-c contract=PATH` builds every environment for it, and
 * `-c contractBaseline=PATH` refuses breaking changes from the deployed one. Bundling is
 * skipped (the templates, not the code, are checked; scripts/deploy-checks.sh synthesizes the
 * bundled app for this contract too).
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlatformApp } from '../../bin/platform-app';
import { ContractSpec } from '../../contract';
import { DataPlatformStack, ENVIRONMENTS } from '../../lib';
import {
  salesWithoutEvents,
  salesWithTwoEvents,
  FREIGHT_CONTRACT_PATH,
  freightContract,
} from '../helpers/construct-contracts';
import { unacknowledgedNagFindings } from '../helpers/nag';

const savedEnv = { ...process.env };
let dir: string;
beforeAll(() => {
  delete process.env.CDK_DEFAULT_ACCOUNT;
  delete process.env.CDK_DEFAULT_REGION;
  dir = mkdtempSync(join(tmpdir(), 'contract-app-'));
});
afterAll(() => {
  process.env = savedEnv;
  rmSync(dir, { recursive: true, force: true });
});

const app = (context: Record<string, string>) => buildPlatformApp(new App({ context }));

/** A contract file: the freight contract, normalized (self-contained), with `edit` applied. */
function freightFile(name: string, edit: (spec: ContractSpec) => unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(edit(structuredClone(freightContract().spec))));
  return file;
}

describe('-c contract=PATH', () => {
  const { stacks } = app({ contract: FREIGHT_CONTRACT_PATH });

  test.each(stacks.map((stack) => [stack.node.id, stack]))(
    '%s synthesizes for the freight contract with no unacknowledged cdk-nag findings',
    (_, stack) => {
      expect(stack.platform.contract.version).toBe('0.3.0');
      expect(unacknowledgedNagFindings(stack)).toEqual([]);
    },
  );

  test('builds its tables, its event stream and its load states, and nothing of the sales example', () => {
    const [dev] = stacks;
    const template = Template.fromStack(dev);
    const tables = Object.values(template.findResources('AWS::Glue::Table')).map(
      (table) => table.Properties.TableInput.Name,
    );
    expect(tables).toEqual(['carrier_dim', 'calendar_dim', 'shipment_fact', 'return_fact']);
    template.hasResourceProperties('AWS::Kinesis::Stream', { Name: 'dp-dev-shipment-events' });
    template.hasResourceProperties('Custom::RedshiftSchemaMigrations', { ContractVersion: '0.3.0' });
    const json = JSON.stringify(template.toJSON());
    for (const state of ['LoadCarrierDim', 'LoadCalendarDim']) expect(json).toContain(state);
    expect(json).not.toMatch(/sale_|sales_|customer_|date_dim/);
  });
});

describe('DataPlatformStack and the contract', () => {
  const stack = (contract = salesWithoutEvents(), streamedEvent?: string) =>
    new DataPlatformStack(new App(), 'Platform', {
      config: ENVIRONMENTS.dev,
      contract,
      streamedEvent,
    });

  test('streams nothing for a contract without events', () => {
    const platform = stack();
    expect(platform.platform.streaming).toBeUndefined();
    Template.fromStack(platform).resourceCountIs('AWS::Kinesis::Stream', 0);
    expect(unacknowledgedNagFindings(platform)).toEqual([]);
  });

  test('streams the event chosen among several', () => {
    const platform = stack(salesWithTwoEvents(), 'refund_event');
    Template.fromStack(platform).hasResourceProperties('AWS::Kinesis::Stream', {
      Name: 'dp-dev-refund-events',
    });
  });

  test('fails on a contract with several events and none chosen', () => {
    expect(() => stack(salesWithTwoEvents())).toThrow(
      /streamedEvent must name the contract event the stream carries, one of sale_event, refund_event: a stream carries one event type/,
    );
  });
});

describe('-c contract and -c contractBaseline failures', () => {
  test('fails synth on an invalid contract file, listing every problem', () => {
    const file = freightFile('invalid.json', ({ version: _version, ...spec }) => ({
      ...spec,
      star: { ...spec.star, carrier_dim: { ...spec.star.carrier_dim, colour: 'blue' } },
    }));
    expect(() => app({ contract: file })).toThrow(
      new RegExp(
        `${file} is not a valid data contract:\\n` +
          `  - contract: must have required property 'version'\\n` +
          `  - contract\\.star\\.carrier_dim: unknown property "colour"$`,
      ),
    );
  });

  test('fails synth on a missing contract file', () => {
    expect(() => app({ contract: join(dir, 'nope.json') })).toThrow(
      /nope\.json is not a valid data contract:\n {2}- no such file/,
    );
  });

  test('fails synth on breaking changes from the baseline, one line per change', () => {
    const head = freightFile('breaking.json', (spec) => ({
      ...spec,
      version: '0.4.0',
      star: {
        ...spec.star,
        carrier_dim: {
          ...spec.star.carrier_dim,
          columns: spec.star.carrier_dim.columns.filter((column) => column.name !== 'country'),
        },
        shipment_fact: { ...spec.star.shipment_fact, sortKey: ['delivery_date_key'] },
      },
    }));
    expect(() => app({ contract: head, contractBaseline: FREIGHT_CONTRACT_PATH })).toThrow(
      /contract 0\.4\.0 has breaking changes from 0\.3\.0; write a migration that resolves each, or revert it:\n {2}breaking {2}carrier_dim\.country: column dropped\n {2}breaking {2}shipment_fact: .+$/,
    );
  });

  test('accepts additive changes from the baseline', () => {
    const head = freightFile('additive.json', (spec) => ({
      ...spec,
      version: '0.3.1',
      datasets: {
        ...spec.datasets,
        returns: {
          ...spec.datasets.returns,
          columns: [
            ...spec.datasets.returns.columns,
            { name: 'reason', type: 'string', required: false, storage: 'varchar(64)' },
          ],
        },
      },
      star: {
        ...spec.star,
        return_fact: {
          ...spec.star.return_fact,
          columns: [
            ...spec.star.return_fact.columns,
            { name: 'reason', type: 'varchar(64)', nullable: true },
          ],
        },
      },
    }));
    const { stacks } = app({ contract: head, contractBaseline: FREIGHT_CONTRACT_PATH, env: 'dev' });
    expect(stacks.map((stack: Stack) => stack.node.id)).toEqual(['DataPlatform-dev']);
  });
});

describe('-c contract=examples/shipments/contract.json', () => {
  const { stacks } = app({ contract: join(__dirname, '..', '..', 'examples', 'shipments', 'contract.json') });

  test.each(stacks.map((stack) => [stack.node.id, stack]))(
    '%s synthesizes the second example with no unacknowledged cdk-nag findings and no stream',
    (_, stack) => {
      expect(unacknowledgedNagFindings(stack)).toEqual([]);
      const template = Template.fromStack(stack);
      expect(template.findResources('AWS::Kinesis::Stream')).toEqual({});
      expect(
        Object.values(template.findResources('AWS::Glue::Table'))
          .map((table) => table.Properties.TableInput.Name)
          .sort(),
      ).toEqual(['carrier_dim', 'date_dim', 'shipment_fact', 'warehouse_dim']);
    },
  );
});
