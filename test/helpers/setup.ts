// Tests that drive aws-local-stepfunctions directly need the Node 20 polyfill too.
import '../../local/orchestration/promise-with-resolvers';
import { join } from 'node:path';

// Handlers read the contract they were deployed with; in-process tests run them with the sales example.
process.env.CONTRACT_FILE ??= join(__dirname, '..', '..', 'examples', 'sales', 'contract.json');
