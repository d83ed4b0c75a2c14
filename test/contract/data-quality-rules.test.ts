import { dataQualityRules, dataQualityRuleset } from '../../contract/data-quality-rules';

describe('data quality rules from the contract', () => {
  test('checks keys complete and unique, required columns complete and amounts non-negative', () => {
    expect(dataQualityRules('sales_fact')).toEqual([
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
    ]);
  });

  test('checks a dimension has rows and a key used as both surrogate and natural key once', () => {
    const rules = dataQualityRules('date_dim');
    expect(rules.slice(0, 3)).toEqual(['RowCount >= 1', 'IsComplete "date_key"', 'IsUnique "date_key"']);
    expect(rules).not.toContain('IsComplete "email"');
  });

  test('leaves nullable attributes unchecked', () => {
    expect(dataQualityRules('customer_dim')).not.toContain('IsComplete "email"');
    expect(dataQualityRules('customer_dim')).toContain('IsComplete "full_name"');
  });

  test('renders a DQDL document', () => {
    expect(dataQualityRuleset('location_dim')).toMatch(
      /^Rules = \[\n {2}RowCount >= 1,\n {2}IsComplete "location_key",[\s\S]*\n\]$/,
    );
  });
});
