/**
 * The database identities of the warehouse Lambdas. The migrations run as the namespace admin
 * (its Redshift-managed secret) and create these database roles with exactly the privileges
 * each task needs (sql/access). The loader, quality and marts Lambdas run as their own IAM
 * roles, whose `RedshiftDbRoles` tag maps them onto these roles when the Data API signs them
 * in with temporary credentials
 * (https://docs.aws.amazon.com/redshift/latest/mgmt/redshift-iam-access-federated-db-roles.html).
 */
import { iamRoleArnLiteral, identifier, SqlFragment } from './sql-template';

export const DATABASE_ROLES = {
  /** COPY into staging, MERGE into presentation, the load audit. */
  loader: 'platform_loader',
  /** Read-only: the quality checks. */
  checker: 'platform_checker',
  /** Builds (owns) and refreshes the marts in presentation. */
  marts: 'platform_marts',
} as const;

export type DatabaseRole = keyof typeof DATABASE_ROLES;

/** The IAM principal tag whose value (database roles, `:`-separated) Redshift Serverless grants. */
export const DATABASE_ROLES_TAG = 'RedshiftDbRoles';

/** The `{{ slots }}` of sql/access: the role names, and the role COPY may assume. */
export function accessSlots(copyRoleArn: string): Record<string, SqlFragment> {
  return {
    loader_role: identifier(DATABASE_ROLES.loader),
    checker_role: identifier(DATABASE_ROLES.checker),
    marts_role: identifier(DATABASE_ROLES.marts),
    copy_role_arn: iamRoleArnLiteral(copyRoleArn),
  };
}
