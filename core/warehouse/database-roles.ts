/**
 * The `{{ slots }}` of sql/access: the database roles of the warehouse Lambdas (named in
 * contract/warehouse-roles.ts), and the one IAM role COPY may assume. The migrations run as the
 * namespace admin and create these roles with exactly the privileges each task needs; the
 * loader, quality and marts Lambdas then sign in as their own IAM roles, mapped onto them.
 */
import { DATABASE_ROLES } from '../../contract/warehouse-roles';
import { iamRoleArnLiteral, identifier, SqlFragment } from './sql-template';

export function accessSlots(copyRoleArn: string): Record<string, SqlFragment> {
  return {
    loader_role: identifier(DATABASE_ROLES.loader),
    checker_role: identifier(DATABASE_ROLES.checker),
    marts_role: identifier(DATABASE_ROLES.marts),
    copy_role_arn: iamRoleArnLiteral(copyRoleArn),
  };
}
