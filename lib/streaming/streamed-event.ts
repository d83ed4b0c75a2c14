import { Contract } from '../../contract';

/**
 * The contract event a stream carries: `event` when given (it must be one of the contract's),
 * else the contract's only event. One stream carries one event type, so a contract with
 * several needs the choice made, and one with none has nothing to stream.
 */
export function streamedEvent(contract: Contract, event: string | undefined, name = 'event'): string {
  const events = contract.eventNames;
  if (event !== undefined) {
    if (!events.includes(event))
      throw new Error(
        `${name} must be one of the contract's events (${events.join(', ') || 'it has none'}) (got ${event})`,
      );
    return event;
  }
  if (events.length === 1) return events[0];
  throw new Error(
    events.length === 0
      ? `the contract has no event to stream: add one to its events, or leave streaming out`
      : `${name} must name the contract event the stream carries, one of ${events.join(', ')}: a stream carries one event type`,
  );
}

/** `sale_event` → `sale events`: how descriptions, alarms and titles name an event's records. */
export function eventsLabel(event: string): string {
  return `${event.replace(/_/g, ' ')}s`;
}

/** `sale_event` → `Sale events`: a title for an event's records. */
export function eventsTitle(event: string): string {
  const label = eventsLabel(event);
  return `${label[0].toUpperCase()}${label.slice(1)}`;
}
