const t0 = Date.now();
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { defaultContract } from '../contract';
import { ENVIRONMENTS } from '../lib/config';
import { DataPlatformStack } from '../lib/data-platform-stack';
const t1 = Date.now();
const app = new App({ outdir: '/tmp/synthb/o3' });
const contract = defaultContract();
for (const name of ['dev', 'staging', 'prod'] as const)
  new DataPlatformStack(app, name, { config: ENVIRONMENTS[name], contract });
const t2 = Date.now();
const withNag = process.env.NAG !== '0';
if (withNag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
const t3 = Date.now();
console.log(`import ${t1 - t0} ms, construct ${t2 - t1} ms, synth${withNag ? '+nag' : ''} ${t3 - t2} ms`);
