import { Contract } from '../../contract';

/**
 * The contract event a stream carries: the one its consumer or producer is configured with,
 * else the contract's only event. A contract with several events needs one stream (and one
 * configured name) per event.
 */
export function streamEventName(contract: Contract, configured?: string): string {
  if (configured !== undefined) {
    contract.event(configured); // throws, naming the contract's events, when there is no such event
    return configured;
  }
  const names = contract.eventNames;
  if (names.length !== 1)
    throw new Error(
      `the contract has ${names.length === 0 ? 'no events' : `the events ${names.join(', ')}`}: name the one this stream carries`,
    );
  return names[0];
}
