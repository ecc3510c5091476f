import zlib from 'node:zlib';

/**
 * A minimal ustar writer for support bundles: regular files only, names up to 100 bytes.
 * Enough for `tar -xzf` and Windows' built-in tar, without a dependency.
 */
export interface TarEntry {
  name: string;
  data: Buffer | string;
  mtime?: Date;
  mode?: number;
}

function header(entry: TarEntry, size: number): Buffer {
  const h = Buffer.alloc(512, 0);
  const name = Buffer.from(entry.name, 'utf8');
  if (name.length > 100) throw new Error(`tar: name too long: ${entry.name}`);
  name.copy(h, 0);
  const octal = (value: number, width: number) => value.toString(8).padStart(width - 1, '0') + '\0';
  h.write(octal(entry.mode ?? 0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(Math.floor((entry.mtime ?? new Date()).getTime() / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii'); // checksum field counts as spaces while summing
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return h;
}

export function tarGz(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
    parts.push(header(entry, data.length), data);
    const pad = (512 - (data.length % 512)) % 512;
    if (pad) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(1024, 0));
  return zlib.gzipSync(Buffer.concat(parts), { level: 9 });
}

/** Reads back what tarGz wrote (tests, and IT tools that inspect a bundle). */
export function untarGz(buffer: Buffer): Array<{ name: string; data: Buffer }> {
  const tar = zlib.gunzipSync(buffer);
  const out: Array<{ name: string; data: Buffer }> = [];
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const h = tar.subarray(offset, offset + 512);
    if (h.every((b) => b === 0)) break;
    const name = h.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(h.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim(), 8);
    offset += 512;
    out.push({ name, data: Buffer.from(tar.subarray(offset, offset + size)) });
    offset += Math.ceil(size / 512) * 512;
  }
  return out;
}
