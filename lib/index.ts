// Public entry point: every construct and its props, for other CDK apps to import.
export * from './config';
export * from '../contract';
export { layoutPrefix } from '../contract/lake-layout';
export * from './storage';
export * from './validation';
export * from './catalog/data-catalog';
export * from './catalog/data-catalog-base';
export * from './etl/star-schema-job';
export * from './etl/star-schema-job-base';
export * from './etl/glue-worker-type';
export { dataQualityRules, dataQualityRuleset } from '../contract/data-quality-rules';
export * from './warehouse';
export * from './orchestration';
export * from './monitoring';
export * from './streaming';
export * from './governance';
export * from './data-platform-stack';
