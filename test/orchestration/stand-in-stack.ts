/**
 * A fresh stack composing PipelineMonitoring and PipelineOrchestration with stand-in
 * collaborators, as the platform stack will: inline Lambdas for the validator and warehouse
 * functions, plain encrypted buckets, a crawler and job by name.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PipelineMonitoring } from '../../lib/monitoring';
import { PipelineOrchestration, PipelineOrchestrationProps } from '../../lib/orchestration';

export const GLUE_JOB = 'star-schema-job';
export const CRAWLER = 'validated-crawler';

export interface StandInPipeline {
  readonly stack: Stack;
  readonly orchestration: PipelineOrchestration;
  readonly monitoring: PipelineMonitoring;
  readonly collaborators: Record<'validator' | 'loader' | 'quality' | 'refresh', lambda.Function>;
  readonly template: Template;
}

export function standInPipeline(overrides: Partial<PipelineOrchestrationProps> = {}): StandInPipeline {
  // Bundling is skipped: these tests read the template, not the code (the app test bundles).
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Consumer');
  const key = new kms.Key(stack, 'LakeKey', { enableKeyRotation: true });
  const bucket = (id: string) =>
    new s3.Bucket(stack, id, { encryptionKey: key, enforceSSL: true, eventBridgeEnabled: id === 'Raw' });
  const inline = (id: string) =>
    new lambda.Function(stack, id, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    });
  const collaborators = {
    validator: inline('Validator'),
    loader: inline('Loader'),
    quality: inline('QualityChecks'),
    refresh: inline('RefreshMarts'),
  };
  const monitoring = new PipelineMonitoring(stack, 'Monitoring', { alarmEmail: 'data-team@example.com' });
  const orchestration = new PipelineOrchestration(stack, 'Pipeline', {
    validatorFunction: collaborators.validator,
    loaderFunction: collaborators.loader,
    qualityCheckFunction: collaborators.quality,
    refreshMartsFunction: collaborators.refresh,
    glueJobName: GLUE_JOB,
    crawlerName: CRAWLER,
    validatedDatabaseName: 'lake_validated',
    rawBucket: bucket('Raw'),
    curatedBucket: bucket('Curated'),
    topic: monitoring.topic,
    ...overrides,
  });
  monitoring.monitorPipeline({
    stateMachine: orchestration.stateMachine,
    functions: [...orchestration.functions.all, ...Object.values(collaborators)],
    glueJobName: GLUE_JOB,
    deadLetterQueues: [orchestration.triggerDeadLetterQueue],
  });
  return { stack, orchestration, monitoring, collaborators, template: Template.fromStack(stack) };
}
