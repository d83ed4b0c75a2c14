/**
 * The platform's CloudWatch metrics: one namespace, and each function's service name and metric
 * names, written once here for the handlers that emit them (Powertools EMF), the constructs
 * that offer `metric*` methods and the dashboard that graphs them.
 */

/** The default namespace; a construct's `metricsNamespace` prop overrides it for its function. */
export const METRICS_NAMESPACE = 'DataPlatform';

export const METRICS = {
  validateRaw: {
    service: 'validate-raw',
    rowsAccepted: 'RowsAccepted',
    rowsRejected: 'RowsRejected',
    filesFailed: 'FilesFailed',
  },
  streamConsumer: {
    service: 'stream-consumer',
    eventsAccepted: 'EventsAccepted',
    eventsRejected: 'EventsRejected',
    eventsDuplicated: 'EventsDuplicated',
    eventsFailed: 'EventsFailed',
  },
  planBatch: { service: 'plan-batch', filesPlanned: 'BatchFilesPlanned' },
  startBatch: {
    service: 'start-batch',
    runsStarted: 'BatchRunsStarted',
    triggersDeduplicated: 'BatchTriggersDeduplicated',
  },
  loadWarehouse: { service: 'load-warehouse', rowsLoaded: 'WarehouseRowsLoaded' },
  qualityChecks: { service: 'quality-checks', checksFailed: 'WarehouseQualityChecksFailed' },
} as const;

/** The dimension the validator's row metrics carry, beside `service`. */
export const DATASET_DIMENSION = 'dataset';
