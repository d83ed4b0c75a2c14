import { Duration, Lazy, Size, Token } from 'aws-cdk-lib';
import {
  durationRange,
  matches,
  oneOf,
  propsProblems,
  Rules,
  sizeRange,
  validateProps,
  wholeNumber,
} from '../../lib/common/props-validation';

describe('props validation checks', () => {
  test('wholeNumber names the range and the value, and refuses fractions', () => {
    const workers = wholeNumber({ min: 2, max: 299 });
    expect(workers('maxWorkers', 2)).toBeUndefined();
    expect(workers('maxWorkers', 299)).toBeUndefined();
    expect(workers('maxWorkers', 1)).toBe('maxWorkers must be a whole number between 2 and 299 (got 1)');
    expect(workers('maxWorkers', 2.5)).toBe('maxWorkers must be a whole number between 2 and 299 (got 2.5)');
    expect(wholeNumber({ min: 1, unit: 'RPU-hours', note: 'the cost guard' })('limit', 0)).toBe(
      'limit must be a whole number of at least 1 RPU-hours, the cost guard (got 0)',
    );
  });

  test('durationRange reads in human units, or in the unit given, singular for one', () => {
    const timeout = durationRange({ min: Duration.seconds(10), max: Duration.minutes(15) });
    expect(timeout('timeout', Duration.minutes(15))).toBeUndefined();
    expect(timeout('timeout', Duration.seconds(5))).toBe(
      'timeout must be between 10 seconds and 15 minutes (got 5 seconds)',
    );
    const retention = durationRange({ min: Duration.hours(24), max: Duration.hours(8760), unit: 'hours' });
    expect(retention('retentionPeriod', Duration.hours(23))).toBe(
      'retentionPeriod must be between 24 and 8760 hours (got 23 hours)',
    );
    expect(durationRange({ min: Duration.days(1), unit: 'days' })('expiration', Duration.days(0))).toBe(
      'expiration must be at least 1 day (got 0 days)',
    );
  });

  test('durationRange with whole refuses a fraction of its unit', () => {
    const window = durationRange({
      min: Duration.hours(1),
      max: Duration.hours(168),
      unit: 'hours',
      whole: true,
    });
    expect(window('freshnessWindow', Duration.hours(26))).toBeUndefined();
    expect(window('freshnessWindow', Duration.minutes(90))).toBe(
      'freshnessWindow must be a whole number of hours between 1 and 168 (got 1.5 hours)',
    );
  });

  test('sizeRange reads in MiB', () => {
    const cutoff = sizeRange({ min: Size.mebibytes(10), max: Size.mebibytes(2047) });
    expect(cutoff('cutoff', Size.gibibytes(1))).toBeUndefined();
    expect(cutoff('cutoff', Size.mebibytes(5))).toBe(
      'cutoff must be between 10 MiB and 2047 MiB (got 5 MiB)',
    );
  });

  test('matches quotes the value, and oneOf lists the choices', () => {
    expect(matches(/^[a-z]+$/, 'be lowercase letters')('name', 'Bad')).toBe(
      'name must be lowercase letters (got "Bad")',
    );
    expect(oneOf(['G.1X', 'G.2X'])('workerType', 'G.9X' as 'G.1X')).toBe(
      'workerType must be one of G.1X, G.2X (got G.9X)',
    );
  });

  test('every check passes an unresolved token, whose value is known at deploy time only', () => {
    const number = Token.asNumber(Lazy.number({ produce: () => 0 }));
    const string = Lazy.string({ produce: () => 'Bad' });
    expect(wholeNumber({ min: 2, max: 299 })('maxWorkers', number)).toBeUndefined();
    expect(durationRange({ min: Duration.seconds(10) })('timeout', Duration.seconds(number))).toBeUndefined();
    expect(sizeRange({ min: Size.mebibytes(10) })('cutoff', Size.mebibytes(number))).toBeUndefined();
    expect(matches(/^[a-z]+$/, 'be lowercase')('name', string)).toBeUndefined();
    expect(oneOf(['a', 'b'])('choice', string as 'a')).toBeUndefined();
  });
});

describe('rules', () => {
  interface Props {
    readonly base?: number;
    readonly max?: number;
  }
  const RULES: Rules<Props> = {
    props: { base: wholeNumber({ min: 8, max: 512 }), max: wholeNumber({ min: 8, max: 1024 }) },
    across: [
      ({ base, max }, nameOf) =>
        base !== undefined && max !== undefined && max < base
          ? `${nameOf('max')} must be at least ${nameOf('base')} (got ${max} < ${base})`
          : undefined,
    ],
  };

  test('propsProblems lists every problem and skips props left out', () => {
    expect(propsProblems({ base: 4, max: 2 }, RULES)).toEqual([
      'base must be a whole number between 8 and 512 (got 4)',
      'max must be a whole number between 8 and 1024 (got 2)',
      'max must be at least base (got 2 < 4)',
    ]);
    expect(propsProblems({}, RULES)).toEqual([]);
  });

  test('propsProblems names the props as the caller does, across props too', () => {
    const names = { base: 'redshift.baseCapacityRpus', max: 'redshift.maxCapacityRpus' };
    expect(propsProblems({ base: 16, max: 8 }, RULES, names)).toEqual([
      'redshift.maxCapacityRpus must be at least redshift.baseCapacityRpus (got 8 < 16)',
    ]);
  });

  test('fails validateProps on the first problem', () => {
    expect(() => validateProps({ base: 4, max: 2 }, RULES)).toThrow(
      /^base must be a whole number between 8 and 512 \(got 4\)$/,
    );
  });
});
