/** Reads the crawled tables of a Glue database: the adapter behind ValidateCatalog. */
import { GlueClient, paginateGetTables } from '@aws-sdk/client-glue';
import type { CatalogTable } from '../../core/orchestration/catalog-drift';

/** Every table of `database` with its data columns (partition keys are not data columns). */
export async function readCatalogTables(client: GlueClient, database: string): Promise<CatalogTable[]> {
  const tables: CatalogTable[] = [];
  for await (const page of paginateGetTables({ client }, { DatabaseName: database })) {
    for (const table of page.TableList ?? []) {
      tables.push({
        name: table.Name ?? '',
        columns: (table.StorageDescriptor?.Columns ?? []).map((column) => ({
          name: column.Name ?? '',
          type: column.Type ?? '',
        })),
      });
    }
  }
  return tables;
}
