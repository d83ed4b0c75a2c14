/**
 * Jest's global setup: the pre-bundled handlers and the CLI are built once per run when missing
 * or older than their sources, so `npx jest FILE` after an edit never runs stale handler code.
 */
import { buildParts } from '../../scripts/build';

export default async function globalSetup(): Promise<void> {
  await buildParts(['handlers', 'cli'], true);
}
