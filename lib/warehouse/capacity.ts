/**
 * Redshift Serverless capacity rules, shared by RedshiftWarehouse and the environment config.
 * Base capacity is 8 to 512 RPUs in steps of 8, then up to 1024 in steps of 32
 * (https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-capacity.html); the maximum
 * capacity caps scaling above the base and follows the same steps.
 */

/** Whether `rpus` is a capacity Redshift Serverless accepts. */
export function isValidRpuCapacity(rpus: number): boolean {
  if (!Number.isInteger(rpus)) return false;
  if (rpus >= 8 && rpus <= 512) return rpus % 8 === 0;
  return rpus > 512 && rpus <= 1024 && rpus % 32 === 0;
}

/** What is wrong with a base or maximum capacity, or undefined when both are valid. */
export function capacityProblems(
  names: { readonly base: string; readonly max: string },
  base: number,
  max: number | undefined,
): string[] {
  const steps = 'a multiple of 8 from 8 to 512, or of 32 from 544 to 1024';
  return [
    ...(isValidRpuCapacity(base) ? [] : [`${names.base} must be ${steps} RPUs (got ${base})`]),
    ...(max === undefined || isValidRpuCapacity(max)
      ? []
      : [`${names.max} must be ${steps} RPUs (got ${max})`]),
    ...(max !== undefined && max < base
      ? [`${names.max} must be at least ${names.base} (got ${max} < ${base})`]
      : []),
  ];
}

/** AZ IDs look like `use1-az1` or `usw2-az4`. */
const AZ_ID = /^[a-z]{2,6}[0-9]{1,2}-az[0-9]{1,2}$/;

/** Redshift Serverless needs subnets in at least three AZs. */
export const REQUIRED_AZS = 3;

/** What is wrong with a list of AZ IDs, or nothing. */
export function availabilityZoneIdProblems(name: string, ids: readonly string[] | undefined): string[] {
  if (ids === undefined) return [];
  const bad = ids.filter((id) => !AZ_ID.test(id));
  if (bad.length > 0) return [`${name} must hold AZ IDs such as use1-az1 (got ${bad.join(', ')})`];
  if (new Set(ids).size !== ids.length || ids.length < REQUIRED_AZS) {
    return [
      `${name} must name at least ${REQUIRED_AZS} distinct AZ IDs supported by Redshift Serverless (got ${ids.join(', ') || 'none'})`,
    ];
  }
  return [];
}
