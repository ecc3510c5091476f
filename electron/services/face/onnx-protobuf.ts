/**
 * A minimal protobuf reader/writer for editing ONNX model files without the onnx Python package:
 * a message is a list of fields kept in order; only the fields a caller changes are re-encoded,
 * everything else is written back byte for byte.
 */
export interface Field {
  field: number;
  wire: 0 | 1 | 2 | 5;
  /** varint: the value; 1/5: the raw 8/4 bytes; 2: the payload bytes. */
  value: bigint | Buffer;
}

function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    const b = buf[pos++];
    if (b === undefined) throw new Error('truncated varint');
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7n;
  }
}

function writeVarint(value: bigint, out: number[]): void {
  let v = value;
  while (v >= 0x80n) {
    out.push(Number((v & 0x7fn) | 0x80n));
    v >>= 7n;
  }
  out.push(Number(v));
}

export function decodeMessage(buf: Buffer): Field[] {
  const fields: Field[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, p] = readVarint(buf, pos);
    pos = p;
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === 0) {
      const [v, q] = readVarint(buf, pos);
      pos = q;
      fields.push({ field, wire: 0, value: v });
    } else if (wire === 1 || wire === 5) {
      const n = wire === 1 ? 8 : 4;
      fields.push({ field, wire, value: buf.subarray(pos, pos + n) });
      pos += n;
    } else if (wire === 2) {
      const [len, q] = readVarint(buf, pos);
      pos = q;
      fields.push({ field, wire: 2, value: buf.subarray(pos, pos + Number(len)) });
      pos += Number(len);
    } else {
      throw new Error(`unsupported wire type ${wire}`);
    }
  }
  return fields;
}

export function encodeMessage(fields: readonly Field[]): Buffer {
  const parts: Buffer[] = [];
  for (const f of fields) {
    const head: number[] = [];
    writeVarint((BigInt(f.field) << 3n) | BigInt(f.wire), head);
    if (f.wire === 0) {
      writeVarint(f.value as bigint, head);
      parts.push(Buffer.from(head));
    } else if (f.wire === 2) {
      writeVarint(BigInt((f.value as Buffer).length), head);
      parts.push(Buffer.from(head), f.value as Buffer);
    } else {
      parts.push(Buffer.from(head), f.value as Buffer);
    }
  }
  return Buffer.concat(parts);
}

/** The payloads of a length-delimited field, decoded as messages. */
export function subMessages(fields: readonly Field[], field: number): Field[][] {
  return fields.filter((f) => f.field === field && f.wire === 2).map((f) => decodeMessage(f.value as Buffer));
}

export function stringOf(fields: readonly Field[], field: number): string | undefined {
  const f = fields.find((x) => x.field === field && x.wire === 2);
  return f ? (f.value as Buffer).toString('utf8') : undefined;
}
