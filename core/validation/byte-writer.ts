/**
 * Collects output bytes into 64 KiB buffers and hands each full one to `flushTo`, so a
 * stream sees a few large writes instead of one per row.
 */
export class ByteWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(
    private readonly flushTo: (chunk: Buffer) => void,
    private readonly capacity = 64 * 1024,
  ) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** Copies `src[start, end)`. */
  bytes(src: Buffer, start: number, end: number): void {
    const length = end - start;
    if (this.pos + length > this.capacity) {
      this.flush();
      if (length > this.capacity) {
        this.flushTo(Buffer.from(src.subarray(start, end)));
        return;
      }
    }
    const buf = this.buf;
    let pos = this.pos;
    // A byte loop beats Buffer.copy's call overhead for the short ranges of CSV rows and fields.
    if (length < 48) {
      for (let i = start; i < end; i++) buf[pos++] = src[i];
    } else {
      pos += src.copy(buf, pos, start, end);
    }
    this.pos = pos;
  }

  byte(b: number): void {
    if (this.pos === this.capacity) this.flush();
    this.buf[this.pos++] = b;
  }

  /** Writes a string as UTF-8. */
  text(value: string): void {
    const length = Buffer.byteLength(value);
    if (this.pos + length > this.capacity) {
      this.flush();
      if (length > this.capacity) {
        this.flushTo(Buffer.from(value));
        return;
      }
    }
    this.pos += this.buf.write(value, this.pos);
  }

  /** Hands over what has been collected, if anything. */
  flush(): void {
    if (this.pos === 0) return;
    this.flushTo(this.buf.subarray(0, this.pos));
    this.buf = Buffer.allocUnsafe(this.capacity);
    this.pos = 0;
  }
}
