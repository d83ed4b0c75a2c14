// The validate worker thread for tests, from its TypeScript source (tsx compiles it); the
// built CLI starts dist/bin/validate-worker.js.
require('tsx/cjs');
require('../../bin/validate-worker.ts');
