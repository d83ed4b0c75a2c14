import {
  CONTRACT,
  DATASET_NAMES,
  FIELD_TYPES,
  FILE_ERROR_CODES,
  layoutPath,
  REASON_CODES,
  STAR_TABLE_NAMES,
} from '../../contract';

describe('data contract', () => {
  test('lists the four batch datasets, each with its key among its columns', () => {
    expect(DATASET_NAMES).toEqual(['customers', 'products', 'locations', 'sales']);
    for (const name of DATASET_NAMES) {
      const spec = CONTRACT.datasets[name];
      expect(spec.columns.map((c) => c.name)).toContain(spec.key);
      expect(spec.columns.find((c) => c.name === spec.key)?.required).toBe(true);
    }
  });

  test('orders reason codes by precedence, MALFORMED_ROW first and DUPLICATE_KEY last', () => {
    expect(CONTRACT.reasonCodes[0]).toBe('MALFORMED_ROW');
    expect(CONTRACT.reasonCodes[CONTRACT.reasonCodes.length - 1]).toBe('DUPLICATE_KEY');
    expect(new Set(CONTRACT.reasonCodes).size).toBe(7);
  });

  test('every star foreign key points at a star table and every table is in the load order', () => {
    for (const [column, table] of Object.entries(CONTRACT.star.sales_fact.foreignKeys ?? {})) {
      expect(STAR_TABLE_NAMES).toContain(table);
      expect(CONTRACT.star.sales_fact.columns.map((c) => c.name)).toContain(column);
    }
    expect([...CONTRACT.loadOrder].sort()).toEqual([...STAR_TABLE_NAMES].sort());
  });

  test("uses the format's reason codes, each once, and only its file errors and field types", () => {
    expect([...CONTRACT.reasonCodes].sort()).toEqual([...REASON_CODES].sort());
    expect([...CONTRACT.fileErrorCodes].sort()).toEqual([...FILE_ERROR_CODES].sort());
    for (const name of DATASET_NAMES) {
      for (const column of CONTRACT.datasets[name].columns) expect(FIELD_TYPES).toContain(column.type);
    }
  });

  test('fills layout templates and fails when a placeholder has no value', () => {
    expect(layoutPath('validated', { dataset: 'sales', date: '2026-01-02' })).toBe(
      'silver/sales/ingest_date=2026-01-02/',
    );
    expect(() => layoutPath('gold', { date: '2026-01-02' })).toThrow(/needs a value for \{table\}/);
  });
});
