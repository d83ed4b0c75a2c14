/**
 * A contract as a warehouse recorded it before dimensions kept history (sales contract 1.0.0):
 * the normalized spec without `history`, `tracked`, the platform columns (valid_from, valid_to,
 * is_current, is_inferred) and `asOf`. Built with Contract.fromSpec, as the warehouse reads a
 * recorded contract back, so normalizing does not put them back.
 */
import { Contract, ContractSpec, PLATFORM_COLUMN_FILL, StarTableSpec } from '../../../contract';

export function beforeHistory(contract: Contract, version = '1.0.0'): Contract {
  const platform = new Set(Object.keys(PLATFORM_COLUMN_FILL));
  const star = Object.fromEntries(
    Object.entries(contract.spec.star).map(([name, table]): [string, StarTableSpec] => {
      return [
        name,
        {
          ...table,
          history: undefined,
          tracked: undefined,
          columns: table.columns.filter((column) => !platform.has(column.name)),
          foreignKeys: Object.fromEntries(
            Object.entries(table.foreignKeys).map(([column, { references, via }]) => [
              column,
              { references, via },
            ]),
          ),
        },
      ];
    }),
  );
  const spec: ContractSpec = { ...contract.spec, version, star };
  return Contract.fromSpec(JSON.parse(JSON.stringify(spec)) as ContractSpec);
}
