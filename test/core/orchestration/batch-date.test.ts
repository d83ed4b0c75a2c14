import {
  InvalidBatchDateError,
  parseBatchDate,
  previousUtcDate,
} from '../../../core/orchestration/batch-date';

describe('parseBatchDate', () => {
  test('accepts a real calendar date, leap days included', () => {
    expect(parseBatchDate('2024-01-31')).toBe('2024-01-31');
    expect(parseBatchDate('2024-02-29')).toBe('2024-02-29');
  });

  test.each([
    [undefined, /must be a string YYYY-MM-DD \(got nothing\)/],
    [20240131, /must be a string YYYY-MM-DD \(got 20240131\)/],
    ['2024-1-31', /must look like YYYY-MM-DD \(got "2024-1-31"\)/],
    ['2024-01-31T00:00:00Z', /must look like YYYY-MM-DD/],
    ['2023-02-29', /must be a real calendar date \(got "2023-02-29"\)/],
    ['2024-13-01', /must be a real calendar date/],
  ])('fails on %p', (value, message) => {
    expect(() => parseBatchDate(value)).toThrow(message);
    expect(() => parseBatchDate(value)).toThrow(InvalidBatchDateError);
  });

  test('names its error for Step Functions', () => {
    expect(() => parseBatchDate('x')).toThrow(expect.objectContaining({ name: 'InvalidBatchDateError' }));
  });
});

describe('previousUtcDate', () => {
  test('is the UTC day before, across month and year ends', () => {
    expect(previousUtcDate(new Date('2024-03-01T02:00:00Z'))).toBe('2024-02-29');
    expect(previousUtcDate(new Date('2025-01-01T00:00:00Z'))).toBe('2024-12-31');
    expect(previousUtcDate(new Date('2024-06-10T23:59:59.999Z'))).toBe('2024-06-09');
  });

  test('fails on an invalid instant', () => {
    expect(() => previousUtcDate(new Date('nope'))).toThrow(
      /cannot derive a batch date from an invalid instant/,
    );
  });
});
