/**
 * Publisher confirms in flight on one channel: the publish time and the
 * producer's sequence number of each confirm sequence number, in a ring
 * that grows as needed. Confirms may arrive out of order and with
 * `multiple`; each sequence number is settled exactly once.
 */
export class ConfirmWindow {
  private at = new Float64Array(64);
  private pseq = new Float64Array(64);
  /** Lowest confirm sequence number not yet settled. */
  private lowest = 1;
  /** Highest confirm sequence number added. */
  private highest = 0;
  outstanding = 0;

  /** Forget everything (a new channel starts again at 1). */
  reset(): void {
    this.lowest = 1;
    this.highest = 0;
    this.outstanding = 0;
  }

  /** Track confirm sequence number `cseq` (the next one), published at `time` as producer sequence `pseq`. */
  add(cseq: number, time: number, pseq: number): void {
    if (cseq - this.lowest >= this.at.length) this.grow(cseq - this.lowest + 1);
    const i = cseq & (this.at.length - 1);
    this.at[i] = time;
    this.pseq[i] = pseq;
    this.highest = cseq;
    this.outstanding++;
  }

  /**
   * Settle `cseq` (and, with `multiple`, every earlier one); `each` gets the
   * publish time and producer sequence of every newly settled message.
   */
  settle(cseq: number, multiple: boolean, each: (time: number, pseq: number) => void): void {
    const from = multiple ? this.lowest : cseq;
    const mask = this.at.length - 1;
    for (let s = from; s <= cseq && s <= this.highest; s++) {
      if (s < this.lowest) continue;
      const i = s & mask;
      const t = this.at[i]!;
      if (Number.isNaN(t)) continue;
      this.at[i] = NaN;
      this.outstanding--;
      each(t, this.pseq[i]!);
    }
    while (this.lowest <= this.highest && Number.isNaN(this.at[this.lowest & mask]!)) this.lowest++;
  }

  /** The producer sequence number of every unsettled confirm, oldest first. */
  forEachOutstanding(each: (pseq: number) => void): void {
    const mask = this.at.length - 1;
    for (let s = this.lowest; s <= this.highest; s++) if (!Number.isNaN(this.at[s & mask]!)) each(this.pseq[s & mask]!);
  }

  private grow(span: number): void {
    let n = this.at.length * 2;
    while (n < span) n *= 2;
    const at = new Float64Array(n).fill(NaN);
    const pseq = new Float64Array(n);
    const oldMask = this.at.length - 1;
    for (let s = this.lowest; s <= this.highest; s++) {
      at[s & (n - 1)] = this.at[s & oldMask]!;
      pseq[s & (n - 1)] = this.pseq[s & oldMask]!;
    }
    this.at = at;
    this.pseq = pseq;
  }
}
