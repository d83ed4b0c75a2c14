import { defaultContract } from '../../contract';
import { dataQualityRules, dataQualityRuleset } from '../../contract/data-quality-rules';

describe('data quality rules from the contract', () => {
  test('checks keys complete and unique, required columns complete, amounts non-negative and derived amounts recomputed', () => {
    expect(dataQualityRules(defaultContract(), 'sales_fact')).toEqual([
      'IsComplete "sale_key"',
      'IsComplete "sale_id"',
      'IsUnique "sale_key"',
      'IsUnique "sale_id"',
      'IsComplete "customer_key"',
      'IsComplete "product_key"',
      'IsComplete "location_key"',
      'IsComplete "date_key"',
      'IsComplete "quantity"',
      'IsComplete "unit_price"',
      'IsComplete "gross_amount"',
      'IsComplete "discount"',
      'IsComplete "tax_amount"',
      'IsComplete "net_amount"',
      'IsComplete "batch_date"',
      'ColumnValues "quantity" >= 0',
      'ColumnValues "unit_price" >= 0',
      'ColumnValues "gross_amount" >= 0',
      'ColumnValues "discount" >= 0',
      'ColumnValues "tax_amount" >= 0',
      'ColumnValues "net_amount" >= 0',
      'CustomSql "select count(*) from primary where gross_amount != (quantity * unit_price)" = 0',
      'CustomSql "select count(*) from primary where net_amount != (gross_amount - discount)" = 0',
    ]);
  });

  test('does not recompute a derived column whose parts the table drops (full_name)', () => {
    expect(
      dataQualityRules(defaultContract(), 'customer_dim').filter(
        (rule) => rule.startsWith('CustomSql') && rule.includes('full_name'),
      ),
    ).toEqual([]);
  });

  test('an SCD2 dimension (customer_dim) holds every version: its natural key may repeat, but each member has one current version and versions do not overlap', () => {
    const rules = dataQualityRules(defaultContract(), 'customer_dim');

    expect(rules).toContain('IsUnique "customer_key"');
    expect(rules).not.toContain('IsUnique "customer_id"');
    expect(rules).toContain('IsComplete "customer_id"');
    expect(rules.filter((rule) => rule.startsWith('CustomSql'))).toEqual([
      'CustomSql "select count(*) from (select customer_id from primary group by customer_id ' +
        'having sum(case when is_current then 1 else 0 end) != 1) as members" = 0',
      'CustomSql "select count(*) from primary as earlier inner join primary as later ' +
        'on earlier.customer_id = later.customer_id and earlier.customer_key < later.customer_key ' +
        'and earlier.valid_from < later.valid_to and earlier.valid_to > later.valid_from" = 0',
      'CustomSql "select count(*) from primary where valid_from >= valid_to ' +
        "or (is_current and valid_to != cast('9999-12-31' as date)) " +
        "or (not is_current and valid_to = cast('9999-12-31' as date))\" = 0",
    ]);
    // The local evaluator (glue_shim/awsgluedq) splits a ruleset on commas.
    expect(rules.filter((rule) => rule.includes(','))).toEqual([]);
  });

  test('an SCD1 dimension keeps its natural key unique and checks the platform flag complete', () => {
    const rules = dataQualityRules(defaultContract(), 'product_dim');

    expect(rules).toContain('IsUnique "product_id"');
    expect(rules).toContain('IsComplete "is_inferred"');
    expect(rules.filter((rule) => rule.startsWith('CustomSql'))).toEqual([]);
  });

  test('checks a dimension has rows, a key used as both surrogate and natural key once, and every other column complete', () => {
    expect(dataQualityRules(defaultContract(), 'date_dim')).toEqual([
      'RowCount >= 1',
      'IsComplete "date_key"',
      'IsUnique "date_key"',
      ...['date_value', 'year', 'quarter', 'month', 'day', 'day_of_week', 'is_weekend'].map(
        (column) => `IsComplete "${column}"`,
      ),
    ]);
  });

  test('leaves nullable attributes unchecked', () => {
    expect(dataQualityRules(defaultContract(), 'customer_dim')).not.toContain('IsComplete "email"');
    expect(dataQualityRules(defaultContract(), 'customer_dim')).toContain('IsComplete "full_name"');
  });

  test('renders a DQDL document', () => {
    expect(dataQualityRuleset(defaultContract(), 'location_dim')).toMatch(
      /^Rules = \[\n {2}RowCount >= 1,\n {2}IsComplete "location_key",[\s\S]*\n\]$/,
    );
  });
});
