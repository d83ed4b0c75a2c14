export * from './batch-triggers';
export * from './pipeline-functions';
export * from './pipeline-orchestration';
export * from './props-validation';
export * from './state-names';
export * from './task-policy';
