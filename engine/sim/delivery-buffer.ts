import type { BasicProperties, Message } from '../core/message.ts';

/**
 * Deliveries a consumer has received but not started handling (its client-side
 * prefetch buffer): a ring of parallel arrays, so buffering allocates nothing
 * per message.
 */
export class DeliveryBuffer {
  private tags: number[] = new Array<number>(16).fill(0);
  private again: boolean[] = new Array<boolean>(16).fill(false);
  private msgs: (Message | undefined)[] = new Array<Message | undefined>(16);
  private props: (BasicProperties | undefined)[] = new Array<BasicProperties | undefined>(16);
  private head = 0;
  length = 0;

  push(tag: number, redelivered: boolean, msg: Message, props: BasicProperties): void {
    if (this.length === this.tags.length) this.grow();
    const i = (this.head + this.length) & (this.tags.length - 1);
    this.tags[i] = tag;
    this.again[i] = redelivered;
    this.msgs[i] = msg;
    this.props[i] = props;
    this.length++;
  }

  /** The head's fields; valid until the next `shift`. */
  get tag(): number {
    return this.tags[this.head]!;
  }
  get redelivered(): boolean {
    return this.again[this.head]!;
  }
  get message(): Message {
    return this.msgs[this.head]!;
  }
  get properties(): BasicProperties {
    return this.props[this.head]!;
  }

  shift(): void {
    this.msgs[this.head] = undefined;
    this.props[this.head] = undefined;
    this.head = (this.head + 1) & (this.tags.length - 1);
    this.length--;
  }

  clear(): void {
    while (this.length > 0) this.shift();
    this.head = 0;
  }

  /** Visit every buffered message (end-of-run accounting). */
  forEach(fn: (msg: Message) => void): void {
    const mask = this.tags.length - 1;
    for (let k = 0; k < this.length; k++) fn(this.msgs[(this.head + k) & mask]!);
  }

  private grow(): void {
    const n = this.tags.length * 2;
    const mask = this.tags.length - 1;
    const order = Array.from({ length: this.length }, (_, k) => (this.head + k) & mask);
    this.tags = [...order.map((i) => this.tags[i]!), ...new Array<number>(n - this.length).fill(0)];
    this.again = [...order.map((i) => this.again[i]!), ...new Array<boolean>(n - this.length).fill(false)];
    this.msgs = [...order.map((i) => this.msgs[i]), ...new Array<Message | undefined>(n - this.length)];
    this.props = [...order.map((i) => this.props[i]), ...new Array<BasicProperties | undefined>(n - this.length)];
    this.head = 0;
  }
}
