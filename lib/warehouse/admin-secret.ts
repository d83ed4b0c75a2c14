/**
 * The ARN of the namespace's Redshift-managed admin secret. CloudFormation does not return it
 * (AWS::RedshiftServerless::Namespace has no AdminPasswordSecretArn attribute), so it is read
 * at deploy time with GetNamespace
 * (https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_GetNamespace.html).
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as redshift from 'aws-cdk-lib/aws-redshiftserverless';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeSdkCallFunction } from './usage-limit';

const SECRET_ARN_PATH = 'namespace.adminPasswordSecretArn';

export class NamespaceAdminSecret extends Construct {
  /** The secret's ARN, a deploy-time token. */
  readonly secretArn: string;

  constructor(scope: Construct, id: string, namespace: redshift.CfnNamespace) {
    super(scope, id);
    const getNamespace: cr.AwsSdkCall = {
      service: 'RedshiftServerless',
      action: 'getNamespace',
      parameters: { namespaceName: namespace.namespaceName },
      physicalResourceId: cr.PhysicalResourceId.of(namespace.namespaceName),
      outputPaths: [SECRET_ARN_PATH],
    };
    const lookup = new cr.AwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::RedshiftNamespaceAdminSecret',
      onCreate: getNamespace,
      onUpdate: getNamespace,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['redshift-serverless:GetNamespace'],
          resources: [namespace.attrNamespaceNamespaceArn],
        }),
      ]),
      installLatestAwsSdk: false,
    });
    lookup.node.addDependency(namespace);
    this.secretArn = lookup.getResponseField(SECRET_ARN_PATH);
    acknowledgeSdkCallFunction(Stack.of(this));
  }
}
