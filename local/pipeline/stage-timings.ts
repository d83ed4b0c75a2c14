import { PIPELINE_STATES as S } from '../../lib/orchestration';
import type { EventLog } from '../orchestration/run-definition';

/** The pipeline's stages, as the benchmark reports them, by the top-level states they span. */
export const STAGES = {
  plan: [S.planBatch],
  validate: [S.validateFiles],
  catalog: [S.startCrawler, S.getCrawler, S.validateCatalog],
  etl: [S.runStarSchemaJob, S.checkCuratedOutput],
  load: [S.loadDimensions, S.loadFact],
  checks: [S.runQualityChecks],
  marts: [S.refreshMarts],
} as const;

export type Stage = keyof typeof STAGES;

/** Wall time per stage (ms) from the execution's event log: entered to exited, per state. */
export function stageTimings(events: readonly EventLog[]): Record<Stage, number> {
  const entered = new Map<string, number>();
  const millis = new Map<string, number>();
  for (const event of events) {
    if (!('state' in event) || event.index !== undefined) continue; // skip Map/Parallel inner states
    if (event.type === 'StateEntered') entered.set(event.state.name, event.timestamp);
    if (event.type === 'StateExited' || event.type === 'StateFailed') {
      const start = entered.get(event.state.name);
      if (start !== undefined)
        millis.set(event.state.name, (millis.get(event.state.name) ?? 0) + event.timestamp - start);
    }
  }
  return Object.fromEntries(
    Object.entries(STAGES).map(([stage, states]) => [
      stage,
      (states as readonly string[]).reduce((sum, name) => sum + (millis.get(name) ?? 0), 0),
    ]),
  ) as Record<Stage, number>;
}
