/**
 * The warehouse as its consumers see it: the Redshift Serverless namespace and workgroup, its
 * database, the Data API grant and, when it has them, the task functions the pipeline calls.
 * RedshiftWarehouse creates one; RedshiftWarehouse.fromWarehouseAttributes imports an
 * existing one; both share WarehouseBase, so the grant is written once.
 */
import { Validations, aws_iam as iam, aws_lambda as lambda } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';

/** Actions that submit SQL; they support the workgroup as resource. */
export const DATA_API_SUBMIT_ACTIONS = [
  'redshift-data:ExecuteStatement',
  'redshift-data:BatchExecuteStatement',
] as const;
/** Actions on submitted statements; IAM only accepts `*` for them, scoped by statement owner. */
export const DATA_API_STATEMENT_ACTIONS = [
  'redshift-data:DescribeStatement',
  'redshift-data:GetStatementResult',
  'redshift-data:CancelStatement',
] as const;
/** Temporary database credentials for the caller's IAM identity. */
export const GET_CREDENTIALS_ACTIONS = ['redshift-serverless:GetCredentials'] as const;

/** The warehouse's Lambdas that the batch pipeline invokes, in its order. */
export interface WarehouseTasks {
  /** `{ batchDate, table | tables }` → `{ batchDate, rowCounts }`. */
  readonly load: lambda.IFunction;
  /** `{ batchDate }` → `{ batchDate, passed, checks }`, or throws QualityCheckFailedError. */
  readonly qualityChecks: lambda.IFunction;
  /** `{ batchDate }` → `{ batchDate, built, refreshed }`. */
  readonly refreshMarts: lambda.IFunction;
}

/** A Redshift Serverless warehouse: where the star schema and marts live. */
export interface IWarehouse extends IConstruct {
  readonly namespaceName: string;
  readonly namespaceArn: string;
  readonly workgroupName: string;
  /** `arn:<partition>:redshift-serverless:<region>:<account>:workgroup/<workgroup id>`. */
  readonly workgroupArn: string;
  /** The database the star schema and marts live in. */
  readonly databaseName: string;
  /**
   * The pipeline's task functions: load, quality checks, refresh marts. Undefined for an
   * imported warehouse that was given none.
   */
  readonly tasks?: WarehouseTasks;

  /**
   * Run SQL on the workgroup through the Data API as the grantee's own IAM identity: submit
   * statements, get temporary credentials, and describe, read and cancel its own statements.
   */
  grantDataApiAccess(grantee: iam.IGrantable): iam.Grant;
}

/** An existing warehouse, for RedshiftWarehouse.fromWarehouseAttributes. */
export interface WarehouseAttributes {
  /** The Redshift Serverless namespace's name. */
  readonly namespaceName: string;
  /** The namespace ARN, which names the namespace by id, not by name. */
  readonly namespaceArn: string;
  /** The workgroup's name, as the Data API's WorkgroupName takes it. */
  readonly workgroupName: string;
  /**
   * The workgroup ARN, which names the workgroup by id
   * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent_RedshiftServerlessConfiguration.html).
   */
  readonly workgroupArn: string;
  /** @default 'analytics' */
  readonly databaseName?: string;
  /**
   * The warehouse's task functions, for an orchestration that runs them.
   * @default - none: the warehouse takes Data API grants only
   */
  readonly tasks?: WarehouseTasks;
}

/** What a created and an imported warehouse share: the Data API grant. */
export abstract class WarehouseBase extends Construct implements IWarehouse {
  public abstract readonly namespaceName: string;
  public abstract readonly namespaceArn: string;
  public abstract readonly workgroupName: string;
  public abstract readonly workgroupArn: string;
  public abstract readonly databaseName: string;
  public abstract readonly tasks?: WarehouseTasks;

  public grantDataApiAccess(grantee: iam.IGrantable): iam.Grant {
    return this.grantStatements(grantee).combine(
      iam.Grant.addToPrincipal({
        grantee,
        actions: [...GET_CREDENTIALS_ACTIONS],
        resourceArns: [this.workgroupArn],
      }),
    );
  }

  /** Submit statements to this workgroup; describe, read and cancel its own statements. */
  protected grantStatements(grantee: iam.IGrantable): iam.Grant {
    const submit = iam.Grant.addToPrincipal({
      grantee,
      actions: [...DATA_API_SUBMIT_ACTIONS],
      resourceArns: [this.workgroupArn],
    });
    const ownStatements = iam.Grant.addToPrincipal({
      grantee,
      actions: [...DATA_API_STATEMENT_ACTIONS],
      resourceArns: ['*'],
      conditions: { StringEquals: { 'redshift-data:statement-owner-iam-userid': '${aws:userid}' } },
    });
    if (Construct.isConstruct(grantee.grantPrincipal)) {
      Validations.of(grantee.grantPrincipal).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'redshift-data DescribeStatement, GetStatementResult and CancelStatement accept only "*" as resource; ' +
          'the statement-owner-iam-userid = aws:userid condition limits them to statements this identity submitted',
      });
    }
    return submit.combine(ownStatements);
  }
}
