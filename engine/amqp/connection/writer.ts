/**
 * Outgoing bytes of one connection, batched: frames written during a turn go
 * out in one write when the turn ends (or sooner, past a high-water mark).
 * Deliveries are encoded straight into an output slab (`FrameSlab`), and
 * small frames are copied into it, so a turn's output is usually one
 * contiguous range of one buffer. Backpressure is reported as a single "can
 * take more" flag, which the connection maps onto `Connection.setWritable`.
 */
import type { FrameSlab } from '../codec/index.ts';
import type { Transport } from './transport.ts';

/** Flush early once this many bytes wait, so a backlog never piles up in memory. */
const HIGH_WATER = 256 * 1024;
/** Output slabs are allocated this size (or larger, for one big frame). */
const SLAB_SIZE = 64 * 1024;
/** Frames up to this size are copied into the slab rather than written on their own. */
const COPY_LIMIT = 1024;

export class FrameWriter implements FrameSlab {
  /** Buffers ready to write, in order; the open slab segment follows them. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private buf: Buffer = Buffer.alloc(0);
  /** The open segment of `buf`: `[segStart, used)`, not yet in `pending`. */
  private segStart = 0;
  private used = 0;
  private scheduled = false;
  private holds = 0;
  /** The transport refused more (write returned false) until it drains. */
  private full = false;
  private accepting = true;
  private closed = false;
  private flushing = false;
  /** Called just before a flush writes (the connection emits coalesced confirms here). */
  beforeFlush: (() => void) | undefined;
  /** Told of each buffer handed to the transport (socket statistics). */
  onWrite: ((bytes: number) => void) | undefined;

  constructor(
    private readonly transport: Transport,
    private readonly scheduleFlush: (fn: () => void) => void,
    /** Told when the writer can (true) or cannot (false) take more deliveries. */
    private readonly onAccepting: (accepting: boolean) => void,
  ) {}

  /** Bytes waiting to be written. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  get slab(): Buffer {
    return this.buf;
  }

  /** Room for `size` bytes in the slab; the caller writes them at the returned offset right away. */
  reserve(size: number): number {
    // Closed: hand out room that is never written, reusing the slab.
    if (this.closed) this.segStart = this.used = 0;
    else this.beforeAdd();
    if (this.used + size > this.buf.length) {
      this.closeSegment();
      this.buf = Buffer.allocUnsafe(Math.max(SLAB_SIZE, size));
      this.segStart = this.used = 0;
    }
    const at = this.used;
    this.used += size;
    this.pendingBytes += size;
    return at;
  }

  /** Queue a frame (or several, encoded together) for the next flush. */
  push(buf: Buffer): void {
    if (this.closed) return;
    if (buf.length <= COPY_LIMIT) {
      // reserve first: it may replace the slab.
      const at = this.reserve(buf.length);
      buf.copy(this.buf, at);
      return;
    }
    this.beforeAdd();
    this.closeSegment();
    this.pending.push(buf);
    this.pendingBytes += buf.length;
  }

  /** Append `bytes` by reference (a large message body): written as its own writev chunk, never copied. */
  attach(bytes: Uint8Array): void {
    if (this.closed) return;
    this.beforeAdd();
    this.closeSegment();
    this.pending.push(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    this.pendingBytes += bytes.length;
  }

  /** Flush at the end of this turn. */
  schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    this.scheduleFlush(this.scheduledFlush);
  }

  private readonly scheduledFlush = (): void => {
    this.scheduled = false;
    this.flush();
  };

  /** Before adding output: flush what is already past the high-water mark, and make sure a flush follows. */
  private beforeAdd(): void {
    if (this.pendingBytes >= HIGH_WATER) {
      if (this.holds === 0) this.flush();
      else this.update();
    }
    this.schedule();
  }

  private closeSegment(): void {
    if (this.used > this.segStart) {
      this.pending.push(this.buf.subarray(this.segStart, this.used));
      this.segStart = this.used;
    }
  }

  /** Position to `insertAt` later: a reply must precede what the engine sends while handling it. */
  mark(): number {
    this.holds++;
    this.closeSegment();
    return this.pending.length;
  }

  /** Insert `buf` at a position from `mark` and end the hold (nothing is flushed while held). */
  insertAt(at: number, buf: Buffer | undefined): void {
    this.holds--;
    if (buf !== undefined && !this.closed) {
      this.pending.splice(at, 0, buf);
      this.pendingBytes += buf.length;
      this.schedule();
    }
    if (this.holds === 0 && this.pendingBytes >= HIGH_WATER) this.flush();
    this.update();
  }

  /** Write everything queued now. */
  flush(): void {
    if (this.closed || this.holds > 0 || this.flushing) return;
    this.flushing = true;
    try {
      this.beforeFlush?.();
    } finally {
      this.flushing = false;
    }
    this.closeSegment();
    const bufs = this.pending;
    if (bufs.length === 0) return;
    this.pending = [];
    this.pendingBytes = 0;
    let ok = true;
    if (bufs.length === 1) ok = this.transport.write(bufs[0]!);
    else {
      this.transport.cork?.();
      for (const b of bufs) ok = this.transport.write(b) && ok;
      this.transport.uncork?.();
    }
    if (this.onWrite) for (const b of bufs) this.onWrite(b.length);
    if (!ok) this.full = true;
    this.update();
  }

  /** The transport drained: take more. */
  drained(): void {
    if (!this.full) return;
    this.full = false;
    this.flush();
    this.update();
  }

  /** Drop everything; later output is ignored. */
  close(): void {
    this.closed = true;
    this.pending = [];
    this.pendingBytes = 0;
    this.segStart = this.used;
  }

  private update(): void {
    const accepting = !this.full && !(this.holds > 0 && this.pendingBytes >= HIGH_WATER);
    if (accepting === this.accepting) return;
    this.accepting = accepting;
    this.onAccepting(accepting);
  }
}
