/**
 * Entry point of the integration test app (integ-runner discovers `integ.*.ts`). Deploying it
 * runs the test against an account: see "First deploy" in the README.
 */
import { App } from 'aws-cdk-lib';
import { addDataPlatformInteg, featureFlagsOfTheApp } from './data-platform-integ';

addDataPlatformInteg(new App({ postCliContext: featureFlagsOfTheApp() }));
