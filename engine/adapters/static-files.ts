import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Brokerlab</title>
<body style="font-family:system-ui;margin:3rem"><h1>Brokerlab</h1>
<p id="not-built">The renderer is not built. Run <code>npm run build:renderer</code> (or <code>npm start</code>), then reload.</p>
<p>The management API is at <a href="/api/overview">/api/overview</a>; metrics at <a href="/metrics">/metrics</a>.</p></body>`;

/** The file under `root` a URL path names, or undefined when it would escape `root`. */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const base = resolve(root);
  const full = resolve(join(base, normalize(decoded)));
  return full === base || full.startsWith(base + sep) ? full : undefined;
}

/**
 * Serve the built renderer from `root`: files by path, and `index.html` for
 * any other page path (the app routes on the client). Hashed assets are
 * cached; the page is not, so a rebuild shows at once.
 */
export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  let file = resolveStaticPath(root, path === '/' ? '/index.html' : path);
  if (!file) return send(res, 400, 'text/plain; charset=utf-8', 'bad path', headers);
  let info = await stat(file).catch(() => undefined);
  if (!info?.isFile() && extname(path) === '') {
    file = join(resolve(root), 'index.html');
    info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return send(res, 200, TYPES['.html']!, NOT_BUILT, headers);
  }
  if (!info?.isFile()) return send(res, 404, 'text/plain; charset=utf-8', 'not found', headers);
  const immutable = path.startsWith('/assets/');
  res.writeHead(200, {
    ...headers,
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': String(info.size),
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).pipe(res);
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'content-type': type, 'cache-control': 'no-cache' });
  res.end(body);
}
