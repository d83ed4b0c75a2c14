/**
 * The database roles of the warehouse Lambdas, named once for the constructs (which tag each
 * Lambda's IAM role with its database role) and for the access migration (sql/access, which
 * creates the roles and grants them their privileges).
 */
export const DATABASE_ROLES = {
  /** COPY into staging, MERGE into presentation, the load audit. */
  loader: 'platform_loader',
  /** Read-only: the quality checks. */
  checker: 'platform_checker',
  /** Builds (owns) and refreshes the marts in presentation. */
  marts: 'platform_marts',
} as const;

export type DatabaseRole = keyof typeof DATABASE_ROLES;

/**
 * The IAM principal tag whose value (database roles, `:`-separated) Redshift Serverless grants
 * at sign-in (https://docs.aws.amazon.com/redshift/latest/mgmt/redshift-iam-access-federated-db-roles.html).
 */
export const DATABASE_ROLES_TAG = 'RedshiftDbRoles';
