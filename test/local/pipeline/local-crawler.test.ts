import { inferGlueType } from '../../../local/pipeline/local-crawler';

describe('the local crawler stand-in infers column types as a CSV classifier does', () => {
  test.each([
    [['1', '-7', ''], 'bigint'],
    [['9223372036854775807', '-9223372036854775808'], 'bigint'],
    [['9223372036854775808'], 'double'],
    [['1', '2.50'], 'double'],
    [['1', 'a'], 'string'],
    [['', ''], 'string'],
  ])('%j is %s', (values, type) => {
    expect(inferGlueType(values)).toBe(type);
  });
});
