import { Contract, defaultContract } from '../../../contract';
import { streamEventName } from '../../../core/streaming';

/** The sales example with its events replaced. */
function withEvents(events: Contract['spec']['events']): Contract {
  return Contract.fromSpec({ ...defaultContract().spec, events });
}

describe('streamEventName', () => {
  const saleEvent = defaultContract().event('sale_event');

  test("is the contract's only event when none is configured", () => {
    expect(streamEventName(defaultContract())).toBe('sale_event');
  });

  test('is the configured event when the contract has several', () => {
    const contract = withEvents({
      sale_event: saleEvent,
      refund_event: { ...saleEvent, lakeDataset: 'refunds' },
    });
    expect(streamEventName(contract, 'refund_event')).toBe('refund_event');
  });

  test('fails for several events and none configured, naming them', () => {
    const contract = withEvents({
      sale_event: saleEvent,
      refund_event: { ...saleEvent, lakeDataset: 'refunds' },
    });
    expect(() => streamEventName(contract)).toThrow(
      /the contract has the events sale_event, refund_event: name the one this stream carries/,
    );
  });

  test('fails for a contract without events', () => {
    expect(() => streamEventName(withEvents({}))).toThrow(/the contract has no events/);
  });

  test('fails for a configured event the contract does not have', () => {
    expect(() => streamEventName(defaultContract(), 'order_event')).toThrow(
      /unknown event "order_event": the contract has sale_event/,
    );
  });
});
