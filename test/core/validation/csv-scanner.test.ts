import {
  CsvRecord,
  CsvScanner,
  decodeField,
  FIELD_ESCAPED,
  FIELD_QUOTED,
} from '../../../core/validation/csv-scanner';

interface Scanned {
  line: number;
  fields: string[];
  flags: number[];
  raw: string;
  plain: boolean;
  nonAscii: boolean;
  error?: string;
}

function scan(input: string | Buffer, chunkSize = Infinity, maxRowBytes = 1 << 20): Scanned[] {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input);
  const records: Scanned[] = [];
  const scanner = new CsvScanner(
    (r: CsvRecord) =>
      records.push({
        line: r.line,
        fields: Array.from({ length: Math.min(r.fieldCount, r.fieldStart.length) }, (_, i) =>
          decodeField(r.buf, r.fieldStart[i], r.fieldEnd[i], r.fieldFlags[i]),
        ),
        flags: Array.from(r.fieldFlags.subarray(0, r.fieldCount)),
        raw: r.buf.toString('utf8', r.start, r.end),
        plain: r.plain,
        nonAscii: r.nonAscii,
        ...(r.error ? { error: r.error } : {}),
      }),
    { maxRowBytes },
  );
  const step = Math.min(chunkSize, bytes.length || 1);
  for (let at = 0; at < bytes.length; at += step) scanner.push(bytes.subarray(at, at + step));
  scanner.end();
  return records;
}

describe('CsvScanner', () => {
  test('splits plain lines on commas and numbers lines from 1', () => {
    expect(scan('a,b\n1,2\n')).toEqual([
      { line: 1, fields: ['a', 'b'], flags: [0, 0], raw: 'a,b', plain: true, nonAscii: false },
      { line: 2, fields: ['1', '2'], flags: [0, 0], raw: '1,2', plain: true, nonAscii: false },
    ]);
  });

  test('reads a last line without a terminator', () => {
    expect(scan('a,b\n1,2').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  test('strips the CR of CRLF line endings from the last field and the raw text', () => {
    const [record] = scan('x,y\r\n');
    expect(record).toMatchObject({ fields: ['x', 'y'], raw: 'x,y', plain: true });
  });

  test('keeps a stray CR inside a value and marks the record as not plain', () => {
    expect(scan('a\rb,c\n')[0]).toMatchObject({ fields: ['a\rb', 'c'], plain: false });
  });

  test('reads quoted fields holding commas, doubled quotes and newlines', () => {
    const records = scan('id,text\n1,"a, ""b""\nc"\n2,x\n');
    expect(records[1]).toMatchObject({
      line: 2,
      fields: ['1', 'a, "b"\nc'],
      flags: [0, FIELD_QUOTED | FIELD_ESCAPED],
    });
    expect(records[2]).toMatchObject({ line: 4, fields: ['2', 'x'] });
  });

  test('allows spaces around a quoted field', () => {
    expect(scan('  "a b" ,c\n')[0]).toMatchObject({ fields: ['a b', 'c'], flags: [FIELD_QUOTED, 0] });
  });

  test('treats a quote inside an unquoted field as text', () => {
    expect(scan('ab"c,d\n')[0]).toMatchObject({ fields: ['ab"c', 'd'], plain: false });
  });

  test('reports an empty line as a record without bytes', () => {
    expect(scan('a\n\r\nb\n').map((r) => [r.line, r.raw])).toEqual([
      [1, 'a'],
      [2, ''],
      [3, 'b'],
    ]);
  });

  test('skips a UTF-8 BOM at the start of the file, even split across chunks', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id\n1\n')]);
    for (const chunkSize of [1, 2, 4, 100]) {
      expect(scan(bytes, chunkSize).map((r) => r.fields)).toEqual([['id'], ['1']]);
    }
  });

  test('flags non-ASCII bytes for a UTF-8 check', () => {
    expect(scan('Zoë\n')[0]).toMatchObject({ nonAscii: true });
  });

  test('fails a quoted field that is never closed as UNTERMINATED_QUOTE', () => {
    expect(scan('a\n"open,b\nc\n')[1]).toMatchObject({
      line: 2,
      error: 'UNTERMINATED_QUOTE',
      raw: '"open,b\nc\n',
    });
  });

  test('fails text after a closing quote as TEXT_AFTER_QUOTE and resumes at the next line', () => {
    const records = scan('"a"b,c\nd\n');
    expect(records[0]).toMatchObject({ error: 'TEXT_AFTER_QUOTE' });
    expect(records[1]).toMatchObject({ fields: ['d'] });
  });

  test('fails a row over the limit as ROW_TOO_LONG without keeping it, then reads on', () => {
    const field = 'x'.repeat(20 * 1024 * 1024);
    const records = scan(`a\n"${field}",b\nc\n`, 64 * 1024);
    expect(records.map((r) => r.error)).toEqual([undefined, 'ROW_TOO_LONG', undefined]);
    expect(records[1].raw).toBe(`"${'x'.repeat(1023)}`);
    expect(records[2]).toMatchObject({ line: 3, fields: ['c'] });
  });

  test('gives the same records whatever the chunk size', () => {
    const input = 'h1,h2\r\n"q ""x""\r\ny",2\r\n\r\n  "s" , t\r\nZoë,"\n"\r\nlast';
    const whole = scan(input);
    for (const chunkSize of [1, 2, 3, 5, 7, 16]) expect(scan(input, chunkSize)).toEqual(whole);
  });
});
