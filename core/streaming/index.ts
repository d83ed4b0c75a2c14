/** The stream consumer's core: contract events validated with the batch validator's rules, batched to the lake. */
export * from './delivery-plan';
export * from './deliver-batch';
export * from './event-validator';
export * from './stream-event';
