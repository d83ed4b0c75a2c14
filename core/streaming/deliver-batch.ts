import { ObjectLocation, ObjectStore } from '../ports/object-store';
import { DeliveryPlan } from './delivery-plan';

/** Where the zones of a plan are. */
export interface DeliveryBuckets {
  readonly rawBucket: string;
  readonly quarantineBucket: string;
}

/**
 * An object of the batch could not be written. It is transient by nature (S3 throttling, a
 * network error), so the consumer reports the records of that object as batch item failures
 * and Kinesis delivers them again; validation outcomes are never this error.
 */
export class EventDeliveryError extends Error {
  override readonly name = 'EventDeliveryError';

  constructor(
    readonly location: ObjectLocation,
    cause: unknown,
  ) {
    super(`could not write s3://${location.bucket}/${location.key}: ${(cause as Error)?.message ?? cause}`, {
      cause,
    });
  }
}

/** The writes of one batch, started together; each record settles with its object's write. */
export interface BatchDelivery {
  /** Resolves when the record's object is written; rejects with EventDeliveryError when it is not. */
  settle(sequenceNumber: string): Promise<void>;
}

/** Starts every object write of the plan in parallel. */
export function deliverBatch(
  plan: DeliveryPlan,
  store: ObjectStore,
  buckets: DeliveryBuckets,
): BatchDelivery {
  const writeOf = new Map<string, Promise<void>>();
  for (const object of plan.objects) {
    const location = {
      bucket: object.zone === 'raw' ? buckets.rawBucket : buckets.quarantineBucket,
      key: object.key,
    };
    const write = store
      .write(location.bucket, location.key, object.body, object.contentType)
      .catch((error) => {
        throw new EventDeliveryError(location, error);
      });
    write.catch(() => undefined); // awaited through settle(); this keeps it from counting as unhandled
    for (const sequenceNumber of object.sequenceNumbers) writeOf.set(sequenceNumber, write);
  }
  return { settle: async (sequenceNumber) => writeOf.get(sequenceNumber) };
}
