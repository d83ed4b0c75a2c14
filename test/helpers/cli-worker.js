// The CLI as a worker thread script for tests: tsx compiles bin/cli.ts, whose worker branch runs
// the job it is given (the built CLI, dist/bin/cli.js, is its own worker script).
require('tsx/cjs');
require('../../bin/cli.ts');
