// Tests that drive aws-local-stepfunctions directly need the Node 20 polyfill too.
import '../../local/orchestration/promise-with-resolvers';
