/**
 * The batch pipeline's states, built from its collaborators. PipelineOrchestration wraps the
 * result in a state machine; the state names are PIPELINE_STATES.
 */
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { Contract } from '../../contract';
import { CrawlerWait, crawlerWaitStates } from './crawler-wait';
import { loadDimensionStates, PIPELINE_ERRORS, PIPELINE_STATES as S } from './state-names';
import {
  FAILURE_RESULT_PATH,
  GLUE_RETRY,
  guardTask,
  LAMBDA_RETRY,
  retryTransient,
  SNS_RETRY,
} from './task-policy';

/** Everything the pipeline calls. */
export interface PipelineCollaborators {
  readonly planBatch: lambda.IFunction;
  readonly validator: lambda.IFunction;
  readonly validateCatalog: lambda.IFunction;
  readonly checkCurated: lambda.IFunction;
  readonly loader: lambda.IFunction;
  readonly qualityChecks: lambda.IFunction;
  readonly refreshMarts: lambda.IFunction;
  readonly summarizeRun: lambda.IFunction;
  readonly topic: sns.ITopic;
  readonly glueJobName: string;
  /** How long RunStarSchemaJob waits for the run: a Task without one times out at 60 s locally. */
  readonly glueJobTimeout: Duration;
  /** `s3://<bucket>`: the job's `--validated_root` and `--curated_root`. */
  readonly curatedRoot: string;
  readonly crawler: Omit<CrawlerWait, 'next' | 'onFailure'>;
  readonly validationConcurrency: number;
  /** Its dimensions load in parallel, then its facts. */
  readonly contract: Contract;
}

const BATCH_DATE = sfn.JsonPath.stringAt('$.batchDate');

/** The pipeline from PlanBatch to PipelineSucceeded, with its failure path. */
export function pipelineStates(scope: Construct, c: PipelineCollaborators): sfn.IChainable {
  const notifyFailure = failurePath(scope, c.topic);
  const invoke = (id: string, fn: lambda.IFunction, payload: sfn.TaskInput | undefined, resultPath: string) =>
    guardTask(lambdaTask(scope, id, fn, payload, resultPath), LAMBDA_RETRY, notifyFailure);

  // The whole input goes to PlanBatch, so a missing batchDate is its InvalidBatchDateError
  // rather than a path error that no Catch could handle.
  const planBatch = invoke(S.planBatch, c.planBatch, undefined, '$.plan');
  const validateFiles = validateFilesMap(scope, c).addCatch(notifyFailure, {
    errors: [sfn.Errors.ALL],
    resultPath: FAILURE_RESULT_PATH,
  });
  const validateCatalog = invoke(
    S.validateCatalog,
    c.validateCatalog,
    sfn.TaskInput.fromObject({ batchDate: BATCH_DATE, datasets: sfn.JsonPath.listAt('$.plan.datasets') }),
    '$.catalog',
  );
  const runStarSchemaJob = guardTask(
    new GlueJobRunWithStateTimeout(scope, S.runStarSchemaJob, c.glueJobTimeout, {
      glueJobName: c.glueJobName,
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      arguments: sfn.TaskInput.fromObject({
        '--batch_date': BATCH_DATE,
        '--validated_root': c.curatedRoot,
        '--curated_root': c.curatedRoot,
      }),
      resultPath: sfn.JsonPath.DISCARD,
    }),
    GLUE_RETRY,
    notifyFailure,
  );
  const checkCurated = invoke(
    S.checkCuratedOutput,
    c.checkCurated,
    sfn.TaskInput.fromObject({ batchDate: BATCH_DATE, validation: sfn.JsonPath.listAt('$.validation') }),
    '$.curated',
  );
  const loadDimensions = new sfn.Parallel(scope, S.loadDimensions, { resultPath: '$.dimensionLoads' });
  for (const [table, state] of Object.entries(loadDimensionStates(c.contract))) {
    loadDimensions.branch(
      retryTransient(lambdaTask(scope, state, c.loader, loadInput([table])), LAMBDA_RETRY),
    );
  }
  loadDimensions.addCatch(notifyFailure, { errors: [sfn.Errors.ALL], resultPath: FAILURE_RESULT_PATH });
  const batchOnly = sfn.TaskInput.fromObject({ batchDate: BATCH_DATE });
  const summarize = invoke(
    S.summarizeRun,
    c.summarizeRun,
    sfn.TaskInput.fromObject({
      batchDate: BATCH_DATE,
      executionName: sfn.JsonPath.executionName,
      startedAt: sfn.JsonPath.executionStartTime,
      validation: sfn.JsonPath.listAt('$.validation'),
      loads: {
        dimensions: sfn.JsonPath.listAt('$.dimensionLoads'),
        fact: sfn.JsonPath.objectAt('$.factLoad'),
      },
      quality: sfn.JsonPath.objectAt('$.quality'),
    }),
    '$.summary',
  );
  const publishSummary = guardTask(
    new tasks.SnsPublish(scope, S.publishSummary, {
      topic: c.topic,
      subject: sfn.JsonPath.stringAt('$.summary.subject'),
      message: sfn.TaskInput.fromJsonPathAt('$.summary.message'),
      resultPath: sfn.JsonPath.DISCARD,
    }),
    SNS_RETRY,
    notifyFailure,
  );

  const afterCrawl = validateCatalog
    .next(runStarSchemaJob)
    .next(checkCurated)
    .next(loadDimensions)
    .next(invoke(S.loadFact, c.loader, loadInput(c.contract.facts), '$.factLoad'))
    .next(invoke(S.runQualityChecks, c.qualityChecks, batchOnly, '$.quality'))
    .next(invoke(S.refreshMarts, c.refreshMarts, batchOnly, '$.marts'))
    .next(summarize)
    .next(publishSummary)
    .next(new sfn.Succeed(scope, S.pipelineSucceeded, { outputPath: '$.summary' }));

  return planBatch
    .next(validateFiles)
    .next(crawlerWaitStates(scope, { ...c.crawler, next: afterCrawl, onFailure: notifyFailure }));
}

/**
 * A `.sync` Glue run whose state times out after `stateTimeout`. GlueStartJobRun turns
 * `taskTimeout` into the run's own Timeout argument (overriding the job's), so the state's
 * TimeoutSeconds is set here; without it the ASL default applies, which the local
 * interpreter takes as 60 seconds.
 */
class GlueJobRunWithStateTimeout extends tasks.GlueStartJobRun {
  constructor(
    scope: Construct,
    id: string,
    private readonly stateTimeout: Duration,
    props: tasks.GlueStartJobRunProps,
  ) {
    super(scope, id, props);
  }

  override toStateJson(): object {
    return { ...super.toStateJson(), TimeoutSeconds: this.stateTimeout.toSeconds() };
  }
}

/**
 * Invokes `fn` with `payload` (the state's input when undefined) and returns the function's
 * own result (payloadResponseOnly) at `resultPath`, or as the output when it is undefined;
 * retries are set by the caller.
 */
function lambdaTask(
  scope: Construct,
  id: string,
  fn: lambda.IFunction,
  payload: sfn.TaskInput | undefined,
  resultPath?: string,
): tasks.LambdaInvoke {
  return new tasks.LambdaInvoke(scope, id, {
    lambdaFunction: fn,
    payload,
    payloadResponseOnly: true,
    // Replaced by LAMBDA_RETRY, which adds jitter and throttling to CDK's default retry.
    retryOnServiceExceptions: false,
    resultPath,
  });
}

/**
 * The loader's input for some tables: `{table}` for one, `{tables}` for several (a contract's
 * facts, loaded one after another in one invocation, each in its own transaction).
 */
function loadInput(tables: readonly string[]): sfn.TaskInput {
  const which = tables.length === 1 ? { table: tables[0] } : { tables: [...tables] };
  return sfn.TaskInput.fromObject({ batchDate: BATCH_DATE, ...which });
}

/**
 * ValidateFiles: the validator over every raw object, at most `validationConcurrency` at a
 * time. A FAILED report fails the Map with ValidationFailed, the file's result as the cause.
 */
function validateFilesMap(scope: Construct, c: PipelineCollaborators): sfn.Map {
  const validateFile = retryTransient(
    lambdaTask(scope, S.validateFile, c.validator, undefined),
    LAMBDA_RETRY,
  );
  // Fail's CausePath takes a path, not an intrinsic, so a Pass renders the result first.
  const failedFile = new sfn.Pass(scope, S.describeFailedFile, {
    parameters: { cause: sfn.JsonPath.jsonToString(sfn.JsonPath.objectAt('$')) },
  }).next(
    new sfn.Fail(scope, S.validationFailed, {
      error: PIPELINE_ERRORS.validationFailed,
      causePath: '$.cause',
    }),
  );
  const checkStatus = new sfn.Choice(scope, S.checkFileStatus)
    .when(sfn.Condition.stringEquals('$.report.status', 'FAILED'), failedFile)
    .otherwise(new sfn.Pass(scope, S.fileValidated));
  return new sfn.Map(scope, S.validateFiles, {
    itemsPath: '$.plan.rawObjects',
    itemSelector: {
      bucket: sfn.JsonPath.stringAt('$$.Map.Item.Value.bucket'),
      key: sfn.JsonPath.stringAt('$$.Map.Item.Value.key'),
    },
    maxConcurrency: c.validationConcurrency,
    resultPath: '$.validation',
  }).itemProcessor(validateFile.next(checkStatus));
}

/**
 * NotifyFailure → PipelineFailed. Every Catch lands here with the error at `$.error`; the run
 * ends failed with that same error, even when the notification itself cannot be sent.
 */
function failurePath(scope: Construct, topic: sns.ITopic): sfn.IChainable {
  const pipelineFailed = new sfn.Fail(scope, S.pipelineFailed, {
    errorPath: '$.error.Error',
    causePath: '$.error.Cause',
  });
  const notifyFailure = retryTransient(
    new tasks.SnsPublish(scope, S.notifyFailure, {
      topic,
      subject: 'Data pipeline: batch run failed',
      // The input, not $.batchDate: a run started without a valid batchDate is reported too.
      message: sfn.TaskInput.fromText(
        sfn.JsonPath.format(
          'Execution {} failed. Input: {}. Error: {}. Cause: {}',
          sfn.JsonPath.executionName,
          sfn.JsonPath.jsonToString(sfn.JsonPath.objectAt('$$.Execution.Input')),
          sfn.JsonPath.stringAt('$.error.Error'),
          sfn.JsonPath.stringAt('$.error.Cause'),
        ),
      ),
      resultPath: sfn.JsonPath.DISCARD,
    }),
    SNS_RETRY,
  );
  notifyFailure.addCatch(pipelineFailed, { errors: [sfn.Errors.ALL], resultPath: '$.notificationError' });
  return notifyFailure.next(pipelineFailed);
}
