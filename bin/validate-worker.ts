/**
 * The worker thread that `cli validate` starts to validate the second half of a large file
 * (bin/commands/validate-in-parts.ts). Bundled on its own: it boots fast because it holds only
 * the validator.
 */
import { runPartInWorker } from './commands/validate-in-parts';

runPartInWorker();
