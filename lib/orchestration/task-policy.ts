/**
 * Retry and Catch for every Task of the pipeline: transient service errors are retried with
 * exponential backoff and full jitter (so parallel branches do not retry in lockstep); any
 * other error goes to the failure handler.
 */
import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';

/** Errors of the Lambda Invoke integration that a later attempt can clear. */
export const LAMBDA_TRANSIENT_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
] as const;

/** Glue API errors of a busy or briefly unavailable service (crawler and job alike). */
export const GLUE_TRANSIENT_ERRORS = [
  'Glue.ConcurrentRunsExceededException',
  'Glue.ThrottlingException',
  'Glue.InternalServiceException',
  'Glue.OperationTimeoutException',
] as const;

/** SNS Publish errors of throttling and service faults, including the topic key's KMS throttling. */
export const SNS_TRANSIENT_ERRORS = [
  'SNS.ThrottledException',
  'SNS.InternalErrorException',
  'SNS.KMSThrottlingException',
] as const;

export interface RetryProfile {
  readonly errors: readonly string[];
  readonly interval: Duration;
  readonly maxAttempts: number;
  readonly maxDelay: Duration;
}

/** Lambda: quick retries, a throttled function frees up within seconds. */
export const LAMBDA_RETRY: RetryProfile = {
  errors: LAMBDA_TRANSIENT_ERRORS,
  interval: Duration.seconds(2),
  maxAttempts: 6,
  maxDelay: Duration.seconds(30),
};

/** Glue: slow retries, a concurrent job run or crawl takes minutes to end. */
export const GLUE_RETRY: RetryProfile = {
  errors: GLUE_TRANSIENT_ERRORS,
  interval: Duration.seconds(30),
  maxAttempts: 5,
  maxDelay: Duration.minutes(5),
};

export const SNS_RETRY: RetryProfile = {
  errors: SNS_TRANSIENT_ERRORS,
  interval: Duration.seconds(2),
  maxAttempts: 4,
  maxDelay: Duration.seconds(30),
};

/** The Catch every top-level Task, Map and Parallel gets; the error lands at `$.error`. */
export const FAILURE_RESULT_PATH = '$.error';

/** Adds the profile's Retry (backoff rate 2, full jitter). */
export function retryTransient<T extends sfn.TaskStateBase>(task: T, profile: RetryProfile): T {
  task.addRetry({
    errors: [...profile.errors],
    interval: profile.interval,
    maxAttempts: profile.maxAttempts,
    maxDelay: profile.maxDelay,
    backoffRate: 2,
    jitterStrategy: sfn.JitterType.FULL,
  });
  return task;
}

/** Retry as above, and Catch everything else into `failureHandler`. */
export function guardTask<T extends sfn.TaskStateBase>(
  task: T,
  profile: RetryProfile,
  failureHandler: sfn.IChainable,
): T {
  retryTransient(task, profile).addCatch(failureHandler, {
    errors: [sfn.Errors.ALL],
    resultPath: FAILURE_RESULT_PATH,
  });
  return task;
}
