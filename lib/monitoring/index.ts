export * from './pipeline-monitoring';
