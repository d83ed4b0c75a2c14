/** The command line: `npm run --silent cli -- <command> [options]`. Commands live in bin/commands/. */
import { isMainThread } from 'node:worker_threads';
import { runCli } from './commands';
import { runPartInWorker } from './commands/validate-in-parts';

if (isMainThread) {
  runCli(
    process.argv.slice(2),
    {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
    },
    { workerScript: __filename },
  ).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
} else {
  // This file is also the worker thread that `validate` starts for half of a large file.
  runPartInWorker();
}
