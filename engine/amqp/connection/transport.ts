/**
 * The byte pipe a wire connection runs over. The connection state machine
 * never opens a socket (aedes' `handle(duplex)`): an adapter wraps a TCP
 * socket, a test wraps an in-memory pair, and both feed bytes in through
 * `AmqpConnection.receive` and get bytes out through `write`.
 */

/** Where the peer connects from, as the broker shows it. */
export interface TransportAddress {
  /** Peer IP, e.g. `127.0.0.1` or `::ffff:10.0.0.7`. */
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** The broker's side of the connection. */
  readonly localAddress: string;
  readonly localPort: number;
}

/** An ordered, reliable byte stream to one client. */
export interface Transport extends TransportAddress {
  /**
   * Queue bytes for the peer. False means the transport's buffer is full:
   * the connection stops deliveries until `AmqpConnection.drained` is called.
   * The buffer is handed over: the caller does not touch it again.
   */
  write(buf: Buffer): boolean;
  /** Optional write batching: writes between `cork` and `uncork` go out together. */
  cork?(): void;
  uncork?(): void;
  /** Stop delivering received bytes (flow control: a blocked publisher). */
  pause(): void;
  /** Resume delivering received bytes. */
  resume(): void;
  /** Flush what was written, then close. */
  end(): void;
  /** Close at once, dropping unsent bytes. */
  destroy(): void;
}

/** True for a loopback peer address (IPv4 127/8, IPv6 ::1, and IPv4-mapped forms). */
export function isLoopbackAddress(address: string): boolean {
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return a === '::1' || a === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}
