/** The baseline of `npm run bench:synth`: the smallest CDK app, one stack with one bucket. */
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';

const app = new App();
new s3.Bucket(new Stack(app, 'OneBucket'), 'Bucket');
app.synth();
