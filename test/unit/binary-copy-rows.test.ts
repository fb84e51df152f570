// BinaryCopyRows reads COPY's binary format (what copyBinary writes, what PostgreSQL sends for
// COPY … TO STDOUT (FORMAT binary)) whatever the chunks: a row is handed over once it is whole.
import { describe, expect, test } from 'vitest';
import { BinaryCopyRows, copyBinary, type CopyValue } from '../../src/adapters/db/raw-transport.ts';

const rows: CopyValue[][] = [
  [
    { type: 'int8', value: 1 },
    { type: 'text', value: 'stored' },
    { type: 'bytea', value: Buffer.from([0, 255, 13, 10, 0]) },
  ],
  [
    { type: 'int8', value: 2 },
    { type: 'text', value: null },
    { type: 'bytea', value: Buffer.alloc(0) },
  ],
  [
    { type: 'int8', value: 3 },
    { type: 'text', value: 'caf\u00e9' },
    { type: 'bytea', value: null },
  ],
];
const stream = Buffer.concat([...copyBinary(rows)]);
const expected = [
  ['1', 'stored', '00ff0d0a00'],
  ['2', null, ''],
  ['3', 'caf\u00e9', null],
];

function read(chunks: Buffer[]) {
  const seen: (string | null)[][] = [];
  const reader = new BinaryCopyRows(3, (fields) =>
    seen.push([
      String(fields[0]!.readBigInt64BE(0)),
      fields[1] === null ? null : fields[1]!.toString('utf8'),
      fields[2] === null ? null : fields[2]!.toString('hex'),
    ]),
  );
  for (const chunk of chunks) reader.push(chunk);
  reader.done();
  return seen;
}

describe('BinaryCopyRows', () => {
  test('the whole stream at once', () => {
    expect(read([stream])).toEqual(expected);
  });

  test('split in two at every position', () => {
    for (let at = 0; at <= stream.length; at++) expect(read([stream.subarray(0, at), stream.subarray(at)])).toEqual(expected);
  });

  test('a byte at a time', () => {
    expect(read([...stream].map((byte) => Buffer.from([byte])))).toEqual(expected);
  });

  test('a stream cut short, a row of another width, data after the trailer or not a binary COPY: errors', () => {
    expect(() => read([stream.subarray(0, stream.length - 1)])).toThrow('before its trailer');
    expect(() => read([stream.subarray(0, 25)])).toThrow('before its trailer');
    expect(() => new BinaryCopyRows(4, () => {}).push(stream)).toThrow('a row of 3 fields, 4 expected');
    expect(() => read([stream, Buffer.from([0])])).toThrow('after the trailer');
    expect(() => read([Buffer.concat([stream, Buffer.from([0])])])).toThrow('after the trailer');
    expect(() => read([Buffer.from('PGCOPY\nxx\r\n\0' + '\0'.repeat(8), 'latin1')])).toThrow('not a binary COPY');
  });
});
