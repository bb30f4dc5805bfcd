import type { IncomingMessage, ServerResponse } from 'node:http';

/** One part of the web host's HTTP surface: answers a request and returns true, or returns false to pass it on. */
export interface HttpRoute {
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
}
