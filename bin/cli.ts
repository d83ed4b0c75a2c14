/** The command line: `npm run --silent cli -- <command> [options]`. Commands live in bin/commands/. */
import * as path from 'node:path';
import { runCli } from './commands';

runCli(
  process.argv.slice(2),
  {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  },
  { workerScript: path.join(__dirname, 'validate-worker.js') },
).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
