/**
 * Redshift Serverless capacity and placement checks, for RedshiftWarehouse's rules. Base
 * capacity is 8 to 512 RPUs in steps of 8, then up to 1024 in steps of 32
 * (https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-capacity.html); the maximum
 * capacity caps scaling above the base and follows the same steps.
 */
import { Token } from 'aws-cdk-lib';
import type { Check } from '../common/props-validation';

/** A capacity Redshift Serverless accepts, in RPUs. */
export const rpuCapacity: Check<number> = (name, rpus) => {
  if (Token.isUnresolved(rpus)) return undefined;
  const valid =
    Number.isInteger(rpus) &&
    ((rpus >= 8 && rpus <= 512 && rpus % 8 === 0) || (rpus > 512 && rpus <= 1024 && rpus % 32 === 0));
  return valid
    ? undefined
    : `${name} must be a multiple of 8 from 8 to 512, or of 32 from 544 to 1024 RPUs (got ${rpus})`;
};

/** AZ IDs look like `use1-az1` or `usw2-az4`. */
const AZ_ID = /^[a-z]{2,6}[0-9]{1,2}-az[0-9]{1,2}$/;

/** Redshift Serverless needs subnets in at least three AZs. */
export const REQUIRED_AZS = 3;

/** At least three distinct AZ IDs. */
export const availabilityZoneIds: Check<readonly string[]> = (name, ids) => {
  const bad = ids.filter((id) => !AZ_ID.test(id));
  if (bad.length > 0) return `${name} must hold AZ IDs such as use1-az1 (got ${bad.join(', ')})`;
  if (new Set(ids).size !== ids.length || ids.length < REQUIRED_AZS) {
    return `${name} must name at least ${REQUIRED_AZS} distinct AZ IDs supported by Redshift Serverless (got ${ids.join(', ') || 'none'})`;
  }
  return undefined;
};
