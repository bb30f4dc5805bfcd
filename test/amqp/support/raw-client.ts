/**
 * A raw TCP peer for the listener: writes whatever bytes it is given and
 * records what comes back, decoded into frames where it can be. For the
 * silent-peer and fuzz tests, which need to misbehave on purpose.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { decodeMethod, encodeMethodFrame, FrameDecoder, FrameType, PROTOCOL_HEADER } from '../../../engine/amqp/codec/index.ts';
import type { AmqpMethod } from '../../../engine/amqp/codec/index.ts';

export class RawClient {
  readonly received: Buffer[] = [];
  /** Resolves when the server closes the socket. */
  readonly closed: Promise<void>;
  private readonly socket: Socket;
  private readonly waiters: { test: (m: AmqpMethod) => boolean; resolve: (m: AmqpMethod) => void }[] = [];
  private readonly decoder = new FrameDecoder({ frameMax: 0 });
  private undecodable = false;
  readonly methods: AmqpMethod[] = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('error', () => {});
    socket.on('data', (b: Buffer) => this.onData(b));
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port }, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  /** Bytes the server sent before any frame: the protocol header it answers a bad header with. */
  get raw(): Buffer {
    return Buffer.concat(this.received);
  }

  write(b: Uint8Array): void {
    if (!this.socket.destroyed) this.socket.write(b);
  }

  send(channel: number, m: Parameters<typeof encodeMethodFrame>[1]): void {
    this.write(encodeMethodFrame(channel, m));
  }

  /** The next method received that `test` accepts (including ones already received). */
  waitFor(test: (m: AmqpMethod) => boolean): Promise<AmqpMethod> {
    const seen = this.methods.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  /** The connection.close the server sent, if any. */
  get serverClose(): Extract<AmqpMethod, { name: 'connection.close' }> | undefined {
    return this.methods.find((m): m is Extract<AmqpMethod, { name: 'connection.close' }> => m.name === 'connection.close');
  }

  /** Header, start-ok as guest, tune-ok and open; resolves on open-ok. */
  async handshake(heartbeat = 0): Promise<void> {
    this.write(PROTOCOL_HEADER);
    await this.waitFor((m) => m.name === 'connection.start');
    this.send(0, {
      name: 'connection.start-ok', clientProperties: { capabilities: { authentication_failure_close: true } }, mechanism: 'PLAIN', response: Buffer.from('\0guest\0guest'),
    });
    await this.waitFor((m) => m.name === 'connection.tune');
    this.send(0, { name: 'connection.tune-ok', channelMax: 0, frameMax: 131072, heartbeat });
    this.send(0, { name: 'connection.open', virtualHost: '/' });
    await this.waitFor((m) => m.name === 'connection.open-ok');
  }

  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onData(b: Buffer): void {
    this.received.push(b);
    if (this.undecodable) return;
    if (this.received.length === 1 && b.subarray(0, 4).toString() === 'AMQP') {
      this.undecodable = true;
      return;
    }
    this.decoder.write(b);
    try {
      for (let f = this.decoder.next(); f; f = this.decoder.next()) {
        if (f.type !== FrameType.METHOD) continue;
        const m = decodeMethod(f.payload);
        this.methods.push(m);
        // A well-behaved peer answers the server's close (spec, connection.close).
        if (m.name === 'connection.close') this.send(0, { name: 'connection.close-ok' });
        for (const w of [...this.waiters]) {
          if (w.test(m)) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve(m);
          }
        }
      }
    } catch {
      this.undecodable = true;
    }
  }
}
