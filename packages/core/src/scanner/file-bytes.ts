// Reads the bytes of a scan's Python files into one buffer reused from file to file: a scan reads
// every file of the tree and keeps none of them, so a 250 MB tree costs one buffer, not 250 MB
// of short-lived ones.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export type FileBytes = { ok: true; bytes: Buffer } | { ok: false; size: number };

const FIRST_BUFFER_BYTES = 64 * 1024;

export class FileBytesReader {
  private buffer = Buffer.allocUnsafe(FIRST_BUFFER_BYTES);

  /** Files larger than `maxBytes` are not read. */
  constructor(private readonly maxBytes: number) {}

  /**
   * The file's bytes, valid until the next read (decode them before reading another file), or
   * its size when it is over the limit. Synchronous on purpose: for many small files it costs a
   * third of the promise API, and the scan is CPU-bound on this thread anyway.
   */
  read(absolute: string): FileBytes {
    const descriptor = openSync(absolute, 'r');
    try {
      const { size } = fstatSync(descriptor);
      if (size > this.maxBytes) return { ok: false, size };
      if (size > this.buffer.length) {
        this.buffer = Buffer.allocUnsafe(Math.max(size, Math.min(this.buffer.length * 2, this.maxBytes)));
      }
      let filled = 0;
      while (filled < size) {
        const bytesRead = readSync(descriptor, this.buffer, filled, size - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return { ok: true, bytes: this.buffer.subarray(0, filled) };
    } finally {
      closeSync(descriptor);
    }
  }
}
