/**
 * Outgoing bytes of one connection, batched: frames pushed during a turn go
 * out in one write when the turn ends (or sooner, past a high-water mark).
 * Backpressure is reported as a single "can take more" flag, which the
 * connection maps onto the engine's `Connection.setWritable`.
 */
import type { Transport } from './transport.ts';

/** Flush early once this many bytes wait, so a backlog never piles up in memory. */
const HIGH_WATER = 256 * 1024;
/** Frames up to this size are copied into one buffer; larger ones are written as they are. */
const COALESCE_LIMIT = 16 * 1024;

export class FrameWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private scheduled = false;
  private holds = 0;
  /** The transport refused more (write returned false) until it drains. */
  private full = false;
  private accepting = true;
  private closed = false;
  private flushing = false;
  /** Called just before a flush writes (the connection emits coalesced confirms here). */
  beforeFlush: (() => void) | undefined;

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

  /** Queue a frame (or several, encoded together) for the next flush. */
  push(buf: Buffer): void {
    if (this.closed) return;
    this.pending.push(buf);
    this.pendingBytes += buf.length;
    if (this.pendingBytes >= HIGH_WATER) {
      if (this.holds === 0) this.flush();
      else this.update();
    } else this.schedule();
  }

  /** Flush at the end of this turn (something will be pushed by `beforeFlush`). */
  schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    this.scheduleFlush(this.scheduledFlush);
  }

  private readonly scheduledFlush = (): void => {
    this.scheduled = false;
    this.flush();
  };

  /** Position to `insertAt` later: a reply must precede what the engine sends while handling it. */
  mark(): number {
    this.holds++;
    return this.pending.length;
  }

  /**
   * Insert `buf` at a position from `mark` and end the hold. Nothing is
   * flushed while held, so the position is still valid.
   */
  insertAt(at: number, buf: Buffer | undefined): void {
    this.holds--;
    if (buf !== undefined && !this.closed) {
      this.pending.splice(at, 0, buf);
      this.pendingBytes += buf.length;
    }
    if (this.holds === 0 && this.pendingBytes >= HIGH_WATER) this.flush();
    else if (this.pending.length > 0) this.schedule();
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
    const bufs = this.pending;
    if (bufs.length === 0) return;
    this.pending = [];
    this.pendingBytes = 0;
    let ok = true;
    if (bufs.length === 1) ok = this.transport.write(bufs[0]!);
    else {
      this.transport.cork?.();
      let run: Buffer[] = [];
      let runBytes = 0;
      for (const b of bufs) {
        if (b.length > COALESCE_LIMIT) {
          if (run.length > 0) ok = this.transport.write(concat(run, runBytes)) && ok;
          run = [];
          runBytes = 0;
          ok = this.transport.write(b) && ok;
        } else {
          run.push(b);
          runBytes += b.length;
        }
      }
      if (run.length > 0) ok = this.transport.write(concat(run, runBytes)) && ok;
      this.transport.uncork?.();
    }
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

  /** Drop everything; later pushes are ignored. */
  close(): void {
    this.closed = true;
    this.pending = [];
    this.pendingBytes = 0;
  }

  private update(): void {
    const accepting = !this.full && !(this.holds > 0 && this.pendingBytes >= HIGH_WATER);
    if (accepting === this.accepting) return;
    this.accepting = accepting;
    this.onAccepting(accepting);
  }
}

function concat(run: Buffer[], bytes: number): Buffer {
  return run.length === 1 ? run[0]! : Buffer.concat(run, bytes);
}
