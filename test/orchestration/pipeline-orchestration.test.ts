import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { defaultContract } from '../../contract';
import { PIPELINE_STATES as S } from '../../lib/orchestration';
import { AslDefinition, AslState, definitionFromStack } from '../../local/orchestration/asl-definition';
import { getObjects, lakeStatements, listPrefixes, useKey } from '../helpers/iam';
import { unacknowledgedNagFindings } from '../helpers/nag';
import { editedSalesContract, freightContract } from '../helpers/construct-contracts';
import { CRAWLER, GLUE_JOB, standInPipeline } from './stand-in-stack';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

/** Every state with the name of the top-level state it sits in (itself at the top level). */
function statesWithParent(
  definition: Pick<AslDefinition, 'States'>,
  parent?: string,
): [string, AslState, string][] {
  return Object.entries(definition.States).flatMap(([name, state]): [string, AslState, string][] => {
    const nested = [
      ...((state.Branches as AslDefinition[] | undefined) ?? []),
      ...(state.ItemProcessor ? [state.ItemProcessor as AslDefinition] : []),
    ];
    return [
      [name, state, parent ?? name],
      ...nested.flatMap((inner) => statesWithParent(inner, parent ?? name)),
    ];
  });
}

describe('PipelineOrchestration', () => {
  const { stack, orchestration, monitoring, collaborators, template } = standInPipeline();
  const definition = definitionFromStack(orchestration.stateMachine);
  const states = statesWithParent(definition);
  const stateMachineStatements = (): Statement[] => {
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: {
        Roles: [{ Ref: stack.getLogicalId(orchestration.stateMachine.role.node.defaultChild as never) }],
      },
    });
    return Object.values(policies).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Statement[],
    );
  };
  const resolved = (value: unknown) => JSON.stringify(stack.resolve(value));

  test('PlanBatch may only list the batch folders of the raw zone, CheckCurated only read the batch manifests', () => {
    const datasets = ['customers', 'products', 'locations', 'sales'];
    expect(lakeStatements(template, 'PipelineFunctionsPlanBatchRole')).toEqual([
      listPrefixes(
        'Raw',
        datasets.map((dataset) => `${dataset}/ingest_date=`),
      ),
    ]);
    expect(lakeStatements(template, 'PipelineFunctionsCheckCuratedRole')).toEqual([
      getObjects('Curated', ['gold/_manifests/batch_date=']),
      listPrefixes('Curated', ['gold/_manifests/batch_date=']),
      useKey('LakeKey', 'read'),
    ]);
  });

  test('every Task retries transient errors with backoff and full jitter', () => {
    const tasks = states.filter(([, state]) => state.Type === 'Task');
    expect(tasks.length).toBeGreaterThanOrEqual(15);
    for (const [name, state] of tasks) {
      const retry = state.Retry as { ErrorEquals: string[]; BackoffRate: number; JitterStrategy: string }[];
      expect({ name, retry }).toEqual({
        name,
        retry: [
          expect.objectContaining({ BackoffRate: 2, JitterStrategy: 'FULL', ErrorEquals: expect.any(Array) }),
        ],
      });
      expect(retry[0].ErrorEquals).not.toContain('States.ALL');
    }
  });

  test('every top-level Task, Map and Parallel catches States.ALL into NotifyFailure; nested Tasks are caught by their Map or Parallel', () => {
    for (const [name, state, parent] of states) {
      if (!['Task', 'Map', 'Parallel'].includes(state.Type)) continue;
      const catchers = (state.Catch ?? []) as { ErrorEquals: string[]; Next: string; ResultPath: string }[];
      if (name === S.notifyFailure) {
        expect(catchers).toEqual([
          { ErrorEquals: ['States.ALL'], Next: S.pipelineFailed, ResultPath: '$.notificationError' },
        ]);
      } else if (parent === name) {
        expect({ name, last: catchers.at(-1) }).toEqual({
          name,
          last: { ErrorEquals: ['States.ALL'], Next: S.notifyFailure, ResultPath: '$.error' },
        });
      } else {
        // A Catch cannot leave a Map iteration or a Parallel branch: the enclosing state's catches it.
        expect({ name, catchers }).toEqual({ name, catchers: [] });
        expect(definition.States[parent].Catch).toEqual([
          { ErrorEquals: ['States.ALL'], Next: S.notifyFailure, ResultPath: '$.error' },
        ]);
      }
    }
  });

  test('waits for an already running crawler instead of treating it as success', () => {
    expect(definition.States[S.startCrawler].Catch).toEqual([
      { ErrorEquals: ['Glue.CrawlerRunningException'], ResultPath: null, Next: S.waitForRunningCrawler },
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: S.notifyFailure },
    ]);
    expect(definition.States[S.checkRunningCrawlerWait]).toMatchObject({ Default: S.startCrawler });
  });

  test('bounds the validation Map at 4 concurrent files by default, and takes validationConcurrency', () => {
    expect(definition.States[S.validateFiles]).toMatchObject({ Type: 'Map', MaxConcurrency: 4 });
    const custom = standInPipeline({ validationConcurrency: 10 });
    expect(
      definitionFromStack(custom.orchestration.stateMachine).States[S.validateFiles].MaxConcurrency,
    ).toBe(10);
  });

  test('derives the crawler poll limit from crawlerTimeout and crawlerPollInterval', () => {
    const custom = standInPipeline({
      crawlerTimeout: Duration.minutes(10),
      crawlerPollInterval: Duration.minutes(1),
    });
    const choices = definitionFromStack(custom.orchestration.stateMachine).States[S.checkCrawler].Choices;
    expect(choices).toContainEqual({
      Variable: '$.crawlerPolls.value',
      NumericGreaterThanEquals: 10,
      Next: S.crawlerTimeout,
    });
  });

  test('runs the Glue job synchronously with the batch arguments', () => {
    expect(definition.States[S.runStarSchemaJob]).toMatchObject({
      Resource: 'arn:aws:states:::glue:startJobRun.sync',
      Parameters: {
        JobName: GLUE_JOB,
        Arguments: { '--batch_date.$': '$.batchDate', '--validated_root': expect.stringMatching(/^s3:\/\//) },
      },
    });
  });

  test('waits for the Glue run for its whole timeout, not the 60 s a Task gets without one', () => {
    expect(definition.States[S.runStarSchemaJob].TimeoutSeconds).toBe(7200);
    const custom = standInPipeline({ glueJobTimeout: Duration.minutes(90) }).orchestration.stateMachine;
    expect(definitionFromStack(custom).States[S.runStarSchemaJob].TimeoutSeconds).toBe(5400);
  });

  test("waits for the job's own timeout plus 30 minutes when the job says it", () => {
    const { orchestration } = standInPipeline({}, { jobTimeout: Duration.hours(1) });
    expect(definitionFromStack(orchestration.stateMachine).States[S.runStarSchemaJob].TimeoutSeconds).toBe(
      5400,
    );
  });

  test('scopes the state machine role to the pipeline functions, the job, the crawler and the topic', () => {
    const statements = stateMachineStatements();
    const actions = statements.flatMap((statement) => [statement.Action].flat());
    expect(actions.some((action) => action === '*' || action.endsWith(':*'))).toBe(false);
    const resourcesOf = (action: string) =>
      statements
        .filter((statement) => [statement.Action].flat().includes(action))
        .map((s) => JSON.stringify(s.Resource));

    const invoked = resourcesOf('lambda:InvokeFunction').join(' ');
    for (const fn of [
      ...Object.values(collaborators),
      orchestration.functions.planBatch,
      orchestration.functions.summarizeRun,
    ]) {
      expect(invoked).toContain(JSON.stringify(stack.resolve(fn.functionArn)).slice(1, -1));
    }
    expect(invoked).not.toContain(resolved(orchestration.functions.startBatch.functionArn).slice(1, -1));
    expect(resourcesOf('glue:StartJobRun').join(' ')).toContain(`:job/${GLUE_JOB}`);
    expect(resourcesOf('glue:startCrawler').join(' ')).toContain(`:crawler/${CRAWLER}`);
    expect(resourcesOf('glue:getCrawler').join(' ')).toContain(`:crawler/${CRAWLER}`);
    expect(resourcesOf('sns:Publish')).toEqual([resolved(monitoring.topic.topicArn)]);
    expect(resourcesOf('kms:GenerateDataKey')).toEqual([resolved(monitoring.encryptionKey.keyArn)]);
  });

  test('logs errors to a KMS-encrypted log group without execution data, and traces with X-Ray', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ERROR', IncludeExecutionData: false }),
    });
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) {
      expect(group.Properties.KmsKeyId).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^PipelineKey/), 'Arn'],
      });
    }
  });

  test('logs ALL with execution data when asked', () => {
    const { template: verbose } = standInPipeline({ logLevel: sfn.LogLevel.ALL, includeExecutionData: true });
    verbose.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
    });
  });

  test('starts runs from the daily schedule and from _READY markers in the raw bucket, through StartBatch', () => {
    const startBatch = {
      'Fn::GetAtt': [
        stack.getLogicalId(orchestration.functions.startBatch.node.defaultChild as never),
        'Arn',
      ],
    };
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 2 * * ? *)',
      Targets: [Match.objectLike({ Arn: startBatch, DeadLetterConfig: Match.anyValue() })],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { bucket: { name: [Match.anyValue()] }, object: { key: [{ suffix: '_READY' }] } },
      },
      Targets: [Match.objectLike({ Arn: startBatch })],
    });
  });

  test('lets EventBridge encrypt undeliverable trigger events into the dead-letter queue, for these two rules only', () => {
    const keyId = stack.getLogicalId(orchestration.encryptionKey.node.defaultChild as never);
    const statements = template.toJSON().Resources[keyId].Properties.KeyPolicy.Statement as {
      Sid?: string;
      Principal: unknown;
      Condition?: { ArnEquals: { 'aws:SourceArn': unknown[] } };
    }[];
    const events = statements.find((statement) => statement.Sid === 'AllowTriggerRulesToEncryptDeadLetters')!;
    expect(events.Principal).toEqual({ Service: 'events.amazonaws.com' });
    const arns = events.Condition!.ArnEquals['aws:SourceArn'].map((arn) => JSON.stringify(arn));
    const ruleNames = Object.values(template.findResources('AWS::Events::Rule'))
      .map((rule) => rule.Properties.Name as string)
      .filter((name) => name?.includes('Triggers'));
    expect(ruleNames).toHaveLength(2);
    expect(arns).toHaveLength(2);
    for (const [index, name] of ruleNames.entries()) expect(arns[index]).toContain(`:rule/${name}`);
  });

  test('sends StartBatch invocations that failed every retry to the trigger dead-letter queue', () => {
    const queue = {
      'Fn::GetAtt': [
        stack.getLogicalId(orchestration.triggerDeadLetterQueue.node.defaultChild as never),
        'Arn',
      ],
    };
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: {
        Ref: stack.getLogicalId(orchestration.functions.startBatch.node.defaultChild as never),
      },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: queue } },
    });
  });

  test('grants starting batch runs on its state machine alone', () => {
    const backfill = new iam.Role(new Stack(new App(), 'Ops'), 'Backfill', {
      assumedBy: new iam.AccountRootPrincipal(),
    });
    const grant = orchestration.grantStartExecution(backfill);
    expect(grant.principalStatements.map((statement) => stack.resolve(statement.toStatementJson()))).toEqual([
      {
        Effect: 'Allow',
        Action: 'states:StartExecution',
        Resource: stack.resolve(orchestration.stateMachine.stateMachineArn),
      },
    ]);
  });

  test('offers the failed, timed-out and succeeded execution metrics of its state machine', () => {
    const metrics = {
      ExecutionsFailed: orchestration.metricFailedExecutions(),
      ExecutionsTimedOut: orchestration.metricTimedOutExecutions(),
      ExecutionsSucceeded: orchestration.metricSucceededExecutions(),
    };
    for (const [name, metric] of Object.entries(metrics)) {
      expect(metric.namespace).toBe('AWS/States');
      expect(metric.metricName).toBe(name);
      expect(metric.statistic).toBe('Sum');
      expect(stack.resolve(metric.dimensions)).toEqual({
        StateMachineArn: stack.resolve(orchestration.stateMachine.stateMachineArn),
      });
    }
  });

  test('takes the schedule from props', () => {
    standInPipeline({ schedule: 'cron(30 4 * * ? *)' }).template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(30 4 * * ? *)',
    });
  });

  test('lets only StartBatch start executions', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'states:StartExecution',
            Resource: { Ref: stack.getLogicalId(orchestration.stateMachine.node.defaultChild as never) },
          }),
        ]),
      },
    });
  });

  test('runs its functions on Node.js 22 arm64 with their own roles and no managed policies', () => {
    for (const fn of orchestration.functions.all) {
      const id = stack.getLogicalId(fn.node.defaultChild as never);
      expect(template.toJSON().Resources[id].Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
      });
    }
    const ownRoles = orchestration.functions.all.map(
      (fn) => template.toJSON().Resources[stack.getLogicalId(fn.role!.node.defaultChild as never)],
    );
    for (const role of ownRoles) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  test('leaves no cdk-nag finding unacknowledged', () => {
    expect([...unacknowledgedNagFindings(orchestration), ...unacknowledgedNagFindings(monitoring)]).toEqual(
      [],
    );
  });

  test.each([
    [
      'validationConcurrency 0',
      { validationConcurrency: 0 },
      /validationConcurrency must be a whole number between 1 and 40.*got 0/,
    ],
    [
      'validationConcurrency 41',
      { validationConcurrency: 41 },
      /validationConcurrency must be a whole number between 1 and 40.*got 41/,
    ],
    [
      'a bare cron schedule',
      { schedule: '0 2 * * *' },
      /schedule must be an EventBridge cron\(\.\.\.\) or rate\(\.\.\.\) expression \(got "0 2 \* \* \*"\)/,
    ],
    [
      'a 1 s poll interval',
      { crawlerPollInterval: Duration.seconds(1) },
      /crawlerPollInterval must be at least 5 seconds \(got 1 second\)/,
    ],
    [
      'a timeout under one poll',
      { crawlerTimeout: Duration.seconds(10) },
      /crawlerTimeout must be at least one crawlerPollInterval \(got 10 seconds < 30 seconds\)/,
    ],
    [
      'too many polls',
      { crawlerTimeout: Duration.hours(24), crawlerPollInterval: Duration.seconds(5) },
      /keep it under 1000 polls/,
    ],
  ] as const)('fails on %s', (_, overrides, message) => {
    expect(() => standInPipeline(overrides)).toThrow(message);
  });

  test('fails on a warehouse without task functions, saying how to import one with them', () => {
    expect(() => standInPipeline({}, { warehouseTasks: false })).toThrow(
      /warehouse must have its task functions \(load, qualityChecks, refreshMarts\) for the pipeline to run \(got none\): pass a RedshiftWarehouse, or import one with fromWarehouseAttributes and its tasks/,
    );
  });

  test("fails on a contract other than the catalog's", () => {
    expect(() =>
      standInPipeline({ contract: defaultContract() }, { catalogContract: freightContract() }),
    ).toThrow(
      /contract must be the contract the catalog declares \(version .*\).*pass the same contract to both or leave it out/,
    );
  });
});

describe('PipelineOrchestration load states follow the contract', () => {
  /** LoadDimensions' Task per branch, and LoadFact's, with the loader input each passes. */
  function loadStates(definition: AslDefinition): { dimensions: Record<string, unknown>; fact: unknown } {
    const branches = (definition.States[S.loadDimensions].Branches ?? []) as AslDefinition[];
    return {
      dimensions: Object.fromEntries(
        branches
          .flatMap((branch) => Object.entries(branch.States))
          .map(([name, state]) => [name, state.Parameters]),
      ),
      fact: definition.States[S.loadFact].Parameters,
    };
  }

  test('sales: each dimension in parallel, then sales_fact alone in LoadFact', () => {
    const { orchestration } = standInPipeline();
    expect(loadStates(definitionFromStack(orchestration.stateMachine))).toEqual({
      dimensions: {
        LoadCustomerDim: { 'batchDate.$': '$.batchDate', table: 'customer_dim' },
        LoadProductDim: { 'batchDate.$': '$.batchDate', table: 'product_dim' },
        LoadLocationDim: { 'batchDate.$': '$.batchDate', table: 'location_dim' },
        LoadDateDim: { 'batchDate.$': '$.batchDate', table: 'date_dim' },
      },
      fact: { 'batchDate.$': '$.batchDate', table: 'sales_fact' },
    });
  });

  const freight = standInPipeline({ contract: freightContract() });

  test('two facts: each dimension in parallel, then both facts in LoadFact, in load order', () => {
    expect(loadStates(definitionFromStack(freight.orchestration.stateMachine))).toEqual({
      dimensions: {
        LoadCarrierDim: { 'batchDate.$': '$.batchDate', table: 'carrier_dim' },
        LoadCalendarDim: { 'batchDate.$': '$.batchDate', table: 'calendar_dim' },
      },
      fact: { 'batchDate.$': '$.batchDate', tables: ['shipment_fact', 'return_fact'] },
    });
  });

  test("lists and reads where the contract's layout puts batches and manifests, and waits for its ready marker", () => {
    const { template } = freight;
    expect(lakeStatements(template, 'PipelineFunctionsPlanBatchRole')).toEqual([
      listPrefixes(
        'Raw',
        ['carriers', 'shipments', 'returns'].map((dataset) => `landing/${dataset}/ingest_date=`),
      ),
    ]);
    expect(lakeStatements(template, 'PipelineFunctionsCheckCuratedRole')[0]).toEqual(
      getObjects('Curated', ['star/_manifests/batch_date=']),
    );
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({
        detail: Match.objectLike({ object: { key: [{ suffix: '_COMPLETE' }] } }),
      }),
    });
  });

  const withDimensions = (...names: string[]) =>
    editedSalesContract((spec) => ({
      ...spec,
      star: { ...spec.star, ...Object.fromEntries(names.map((name) => [name, spec.star.product_dim])) },
      loadOrder: [...names, ...spec.loadOrder],
    }));
  test.each([
    [
      'a dimension whose load state the pipeline already names',
      withDimensions('fact'),
      /contract dimension fact would load in state LoadFact, a name the pipeline already uses: rename the table/,
    ],
    [
      'two dimensions with one load state',
      withDimensions('region_1', 'region1'),
      /contract dimension region1 would load in state LoadRegion1, a name dimension region_1 already uses: rename the table/,
    ],
    [
      'a dimension whose load state is too long for Step Functions',
      withDimensions(`d${'_x'.repeat(80)}`),
      /contract dimension d(_x)+ would load in state LoadDX+, longer than the 80 characters Step Functions allows: shorten the table name/,
    ],
  ])('fails on %s', (_, contract, message) => {
    expect(() => standInPipeline({ contract })).toThrow(message);
  });
});
