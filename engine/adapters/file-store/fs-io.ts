import { closeSync, fdatasync, fsyncSync, openSync, readFileSync, readdirSync, write } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as zlib from 'node:zlib';
import { useChecksum } from '../../store/record.ts';

/** node:zlib's CRC-32 (Node ≥ 20.15, Electron ≥ 32): the same checksum as the TypeScript one, native speed. */
const zlibCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
if (zlibCrc32) {
  useChecksum((b, start, end, crc) => zlibCrc32(new Uint8Array(b.buffer, b.byteOffset + start, end - start), crc));
}

/** Write all of `buf` at `position` (null: append), retrying short writes. */
export function writeAll(fd: number, buf: Uint8Array, position: number | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (off: number): void => {
      if (off >= buf.length) return resolve();
      write(fd, buf, off, buf.length - off, position === null ? null : position + off, (err, n) => {
        if (err) reject(err);
        else step(off + n);
      });
    };
    step(0);
  });
}

/** fdatasync: the data (and the size) of `fd` reach the disk. */
export function datasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())));
}

/** fsync a directory, so files created or renamed in it survive a power loss. */
export function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot open or sync a directory; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A file's bytes, or empty when it cannot be read (reported by the caller as needed). */
export function readOrEmpty(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch {
    return new Uint8Array(0);
  }
}

/** `readOrEmpty`, off the main thread. */
export async function readOrEmptyAsync(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch {
    return new Uint8Array(0);
  }
}

/** Names in `dir` matching `re`, with the number the first group captures, sorted by it. */
export function numberedFiles(dir: string, re: RegExp): { name: string; n: number }[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: { name: string; n: number }[] = [];
  for (const name of names) {
    const m = re.exec(name);
    if (m?.[1] !== undefined) out.push({ name, n: Number(m[1]) });
  }
  return out.sort((a, b) => a.n - b.n);
}

/** Zero-padded decimal, so file names sort in numeric order. */
export function pad(n: number, width = 12): string {
  return String(n).padStart(width, '0');
}
