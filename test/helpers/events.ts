import type { Context } from 'aws-lambda';
import type { ValidateRawEvent } from '../../handlers/validate-raw';

/** The validator's invocation event for one raw object. */
export function validateRawEvent(bucket: string, key: string): ValidateRawEvent {
  return { bucket, key };
}

/** A Lambda context as the runtime passes it: what Powertools' logger.addContext reads. */
export function lambdaContext(functionName: string): Context {
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: `request-${functionName}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'test',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
