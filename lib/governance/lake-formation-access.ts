/**
 * LakeFormationAccess: registers the gold zone of the curated bucket with Lake Formation in
 * hybrid access mode, and grants Lake Formation permissions on the gold tables to the roles
 * that use them: SELECT to readers (the analyst role), SELECT to the Glue job (its data
 * quality runs read the tables), ALTER on the tables and data location access to the crawler
 * (it adds partitions, which hybrid mode checks on registered locations).
 *
 * In hybrid access mode IAM grants keep working for every principal that is not opted in to
 * Lake Formation for these tables; only table and partition creation and table updates under
 * the location are checked against Lake Formation for everyone
 * (https://docs.aws.amazon.com/lake-formation/latest/dg/hybrid-access-mode.html).
 * Opting principals in is a data lake administrator's step; CloudFormation has no resource for it.
 */
import { Names, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lakeformation from 'aws-cdk-lib/aws-lakeformation';
import { Construct } from 'constructs';
import { Contract } from '../../contract';
import { IDataCatalog } from '../catalog/data-catalog-base';
import { contractOfCatalog } from '../common/same-contract';
import { layoutPrefix } from '../../contract/lake-layout';
import { Rules, validateProps } from '../common/props-validation';
import { IDataLake } from '../storage';

/** Lake Formation permissions per role (https://docs.aws.amazon.com/lake-formation/latest/dg/lf-permissions-reference.html). */
const READER_PERMISSIONS = ['SELECT', 'DESCRIBE'];
const CRAWLER_TABLE_PERMISSIONS = ['ALTER', 'DESCRIBE'];
export interface LakeFormationAccessProps {
  /**
   * The lake, whose curated `gold/` prefix is registered; the registration role reads, writes
   * and deletes objects there with the lake key, which is what Lake Formation does with a
   * registered location (https://docs.aws.amazon.com/lake-formation/latest/dg/registration-role.html).
   */
  readonly lake: IDataLake;
  /**
   * The catalog whose curated database holds the gold tables; with a DataCatalog of this app,
   * each grant is made after its table exists.
   */
  readonly catalog: IDataCatalog;
  /**
   * The data contract, whose layout places the gold zone that is registered.
   * @default - the catalog's contract
   */
  readonly contract?: Contract;
  /**
   * The gold tables to grant on, by contract table name.
   * @default - every gold table of the catalog
   */
  readonly tables?: readonly string[];
  /** Roles that query the gold tables (e.g. LakeQuery.analystRole): SELECT and DESCRIBE. */
  readonly readers: readonly iam.IRole[];
  /** The star-schema job's role: SELECT and DESCRIBE, for its data quality evaluation runs. */
  readonly jobRole: iam.IRole;
  /** The crawler role: ALTER and DESCRIBE on the tables, and data location access, to add partitions. */
  readonly crawlerRole: iam.IRole;
  /**
   * Register in hybrid access mode, so IAM grants keep working until principals are opted in.
   * Without it, Lake Formation permissions govern every principal on these tables at once.
   * @default true
   */
  readonly hybridAccess?: boolean;
}

/** LakeFormationAccess's props rules. */
export const LAKE_FORMATION_ACCESS_RULES: Rules<LakeFormationAccessProps> = {
  props: {
    tables: (name, tables) =>
      tables.length === 0 ? `${name} must name at least one gold table (got none)` : undefined,
  },
  across: [
    contractOfCatalog('whose gold zone is registered'),
    ({ tables, catalog }, nameOf) => {
      const unknown = (tables ?? []).filter((table) => !catalog?.curatedTableNames[table]);
      return catalog && unknown.length > 0
        ? `${nameOf('tables')} must name gold tables of the catalog (got ${unknown.join(', ')}): ` +
            `choose from ${Object.keys(catalog.curatedTableNames).join(', ')}`
        : undefined;
    },
  ],
};

export class LakeFormationAccess extends Construct {
  /** The registered location: `s3://<curated bucket>/gold`. */
  public readonly location: lakeformation.CfnResource;
  /**
   * The role Lake Formation assumes to read and write the location. Not the service-linked
   * role: a location registered with it cannot be edited later (e.g. its hybrid access mode).
   */
  public readonly dataAccessRole: iam.Role;
  /** Every grant, in the order made. */
  public readonly permissions: lakeformation.CfnPrincipalPermissions[] = [];

  private readonly props: LakeFormationAccessProps;
  private readonly grants: Construct;

  constructor(scope: Construct, id: string, props: LakeFormationAccessProps) {
    super(scope, id);
    validateProps(props, LAKE_FORMATION_ACCESS_RULES);
    this.props = props;
    const { lake } = props;
    const gold = layoutPrefix(props.contract ?? props.catalog.contract, 'gold');
    const locationArn = `${lake.curatedBucket.bucketArn}/${gold.replace(/\/$/, '')}`;

    this.dataAccessRole = new iam.Role(this, 'DataAccessRole', {
      assumedBy: new iam.CompositePrincipal(
        new iam.ServicePrincipal('lakeformation.amazonaws.com'),
        new iam.ServicePrincipal('glue.amazonaws.com'),
      ),
      description: 'Lake Formation access to the registered gold location of the curated bucket',
    });
    // Lake Formation vends access to any object of the registered location to the principals it authorizes.
    lake.grantRead('curated', this.dataAccessRole, gold);
    lake.grantWrite('curated', this.dataAccessRole, gold);
    lake.grantDelete('curated', this.dataAccessRole, gold);

    this.location = new lakeformation.CfnResource(this, 'Location', {
      resourceArn: locationArn,
      useServiceLinkedRole: false,
      roleArn: this.dataAccessRole.roleArn,
      hybridAccessEnabled: props.hybridAccess ?? true,
    });

    this.grants = new Construct(this, 'Grants');
    for (const reader of props.readers) this.grantSelect(reader);
    this.grantSelect(props.jobRole);
    this.grantTables(props.crawlerRole, CRAWLER_TABLE_PERMISSIONS);
    this.grant(props.crawlerRole, 'DataLocation', ['DATA_LOCATION_ACCESS'], {
      dataLocation: { catalogId: Stack.of(this).account, resourceArn: locationArn },
    });
  }

  /** SELECT and DESCRIBE on every gold table, e.g. for another analyst role. */
  public grantSelect(role: iam.IRole): void {
    this.grantTables(role, READER_PERMISSIONS);
  }

  private grantTables(role: iam.IRole, permissions: readonly string[]): void {
    const { catalog } = this.props;
    for (const table of this.props.tables ?? Object.keys(catalog.curatedTableNames)) {
      this.grant(role, table, permissions, {
        table: {
          catalogId: Stack.of(this).account,
          databaseName: catalog.curatedDatabaseName,
          name: catalog.curatedTableNames[table],
        },
      });
    }
  }

  private grant(
    role: iam.IRole,
    id: string,
    permissions: readonly string[],
    resource: lakeformation.CfnPrincipalPermissions.ResourceProperty,
  ): void {
    const roleId = Names.uniqueId(role);
    const scope = this.grants.node.tryFindChild(roleId) ?? new Construct(this.grants, roleId);
    const permission = new lakeformation.CfnPrincipalPermissions(scope, id, {
      catalog: Stack.of(this).account,
      principal: { dataLakePrincipalIdentifier: role.roleArn },
      resource,
      permissions: [...permissions],
      permissionsWithGrantOption: [],
    });
    // Grants on a registered location are made after it is registered.
    permission.node.addDependency(this.location);
    this.permissions.push(permission);
  }
}
