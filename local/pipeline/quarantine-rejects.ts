import { Contract } from '../../contract';
import { layoutPrefix } from '../../contract/lake-layout';
import { ObjectStore, readObjectText } from '../../core/ports/object-store';
import { LOCAL_BUCKETS } from './local-state';

/**
 * Rejected rows per dataset and reason, from the quarantine zone: the validator reports of the
 * contract datasets' files, and the quarantined lines of its streamed events (one JSON object
 * with its reason each), under each event's lake dataset. A dataset appears once it has a report.
 */
export async function rejectsByDataset(
  contract: Contract,
  store: ObjectStore,
): Promise<Record<string, Record<string, number>>> {
  const totals: Record<string, Record<string, number>> = {};
  const add = (dataset: string, code: string, count: number) => {
    totals[dataset] ??= {};
    if (count > 0) totals[dataset][code] = (totals[dataset][code] ?? 0) + count;
  };
  const objects = async (dataset: string, suffix: string) =>
    (await store.list(LOCAL_BUCKETS.quarantine, layoutPrefix(contract, 'quarantine', { dataset }))).filter(
      (key) => key.endsWith(suffix),
    );
  const text = (key: string) => readObjectText(store, LOCAL_BUCKETS.quarantine, key);

  for (const dataset of contract.datasetNames) {
    for (const key of await objects(dataset, '.report.json')) {
      const report = JSON.parse(await text(key)) as { rejected_by_reason: Record<string, number> };
      totals[dataset] ??= {};
      for (const [code, count] of Object.entries(report.rejected_by_reason)) add(dataset, code, count);
    }
  }
  for (const event of contract.eventNames) {
    const { lakeDataset } = contract.event(event);
    for (const key of await objects(lakeDataset, '.rejected.ndjson')) {
      for (const line of (await text(key)).split('\n').filter(Boolean)) {
        add(lakeDataset, (JSON.parse(line) as { reason: string }).reason, 1);
      }
    }
  }
  return totals;
}
