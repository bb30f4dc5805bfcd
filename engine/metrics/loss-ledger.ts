/** Past this many tracked sequence numbers above the settled floor (8 MiB of bits), a ledger gives up. */
const MAX_SPAN = 2 ** 26;

/**
 * Which of one producer's sequence numbers (1, 2, 3, ...) are settled:
 * handled by some consumer, or known not to have been accepted (unroutable,
 * returned, nacked). Everything up to `floor` is settled; a bitmap holds the
 * numbers above it, and slides up as the floor rises, so a healthy run uses
 * a few words however long it lasts.
 */
export class LossLedger {
  /** Every sequence number <= floor is settled. */
  floor = 0;
  /** Settled numbers above the floor. */
  private above = 0;
  private words = new Uint32Array(8);
  /** Sequence number of bit 0 of words[0]; at most floor + 1. */
  private base = 1;
  /** True once the span grew past MAX_SPAN: the ledger then cannot tell loss. */
  overflowed = false;
  /** No bit is set: in-order settles just move the floor. */
  private clean = true;

  /** Mark `seq` settled (idempotent). */
  settle(seq: number): void {
    if (seq <= this.floor || this.overflowed) return;
    if (this.clean && seq === this.floor + 1) {
      this.floor = seq;
      this.base = seq + 1;
      return;
    }
    this.clean = false;
    const off = seq - this.base;
    if (off >= this.words.length * 32) {
      if (off >= MAX_SPAN) {
        this.overflowed = true;
        return;
      }
      let n = this.words.length * 2;
      while (n * 32 <= off) n *= 2;
      const w = new Uint32Array(n);
      w.set(this.words);
      this.words = w;
    }
    const wi = off >>> 5;
    const bit = 1 << (off & 31);
    if ((this.words[wi]! & bit) !== 0) return;
    this.words[wi]! |= bit;
    this.above++;
    if (seq === this.floor + 1) this.advance();
  }

  /** Is `seq` settled? */
  has(seq: number): boolean {
    if (seq <= this.floor) return true;
    const off = seq - this.base;
    if (off >= this.words.length * 32) return false;
    return (this.words[off >>> 5]! & (1 << (off & 31))) !== 0;
  }

  /** Count of settled numbers. */
  get settled(): number {
    return this.floor + this.above;
  }

  private advance(): void {
    const w = this.words;
    let off = this.floor + 1 - this.base;
    while (off < w.length * 32 && (w[off >>> 5]! & (1 << (off & 31))) !== 0) {
      off++;
      this.above--;
    }
    this.floor = this.base + off - 1;
    if (this.above === 0) {
      w.fill(0);
      this.base = this.floor + 1;
      this.clean = true;
      return;
    }
    // Slide whole settled words out, so the bitmap follows the floor.
    const shift = (this.floor + 1 - this.base) >>> 5;
    if (shift > 0) {
      w.copyWithin(0, shift);
      w.fill(0, w.length - shift);
      this.base += shift * 32;
    }
  }
}
