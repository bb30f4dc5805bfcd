/**
 * Group commit: at most one flush (write + fsync) runs at a time, and each
 * covers everything written since the previous one began. While one flush is
 * on disk, new writes and their callbacks gather for the next, so under load
 * one fsync confirms many publishers' messages at once; when idle, a write
 * is flushed after `defer` (the next turn, or a short delay).
 */
export class GroupCommit {
  private waiting: (() => void)[] = [];
  private dirty = false;
  private inFlight: Promise<void> | undefined;
  private scheduled = false;
  private failed: unknown;

  constructor(
    /** Write and sync everything written so far; must take its snapshot of pending data synchronously. */
    private readonly flush: () => Promise<void>,
    /** Run the next flush later (setImmediate, or a timer for a longer gathering window). */
    private readonly defer: (fn: () => void) => void,
    /** A flush failed: the callbacks waiting on it never run (nothing is confirmed). */
    private readonly onError: (e: unknown) => void = () => {},
  ) {}

  /** Data was written: a flush must follow. */
  request(): void {
    this.dirty = true;
    this.schedule();
  }

  /** Run `fn` after the next flush that starts from now. */
  afterSync(fn: () => void): void {
    this.waiting.push(fn);
    this.request();
  }

  /** Flush everything pending now and wait for it (shutdown). Rejects if a flush failed. */
  async drain(): Promise<void> {
    while (this.inFlight || this.dirty || this.waiting.length > 0) {
      if (this.inFlight) await this.inFlight;
      else this.run();
    }
    if (this.failed !== undefined) throw this.failed;
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight) return;
    this.scheduled = true;
    this.defer(() => {
      this.scheduled = false;
      if (!this.inFlight) this.run();
    });
  }

  private run(): void {
    this.dirty = false;
    const fns = this.waiting;
    this.waiting = [];
    this.inFlight = this.flush().then(
      () => {
        this.inFlight = undefined;
        for (const fn of fns) fn();
        if (this.dirty || this.waiting.length > 0) this.schedule();
      },
      (e: unknown) => {
        this.inFlight = undefined;
        this.failed = e;
        this.onError(e);
      },
    );
  }
}
