/**
 * The renderer's Content-Security-Policy, shared by the Electron window and
 * the web host so both run the same page under the same rules: only the app's
 * own scripts, no eval, no plugins, no framing, network only to its own host.
 */
export interface CspOptions {
  /** Extra `connect-src` sources (the desktop app's renderer talks IPC, not the network). */
  connect?: readonly string[];
}

export function contentSecurityPolicy(opts: CspOptions = {}): string {
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    // React Flow and charts set style attributes; styles cannot run code.
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', ["'self'", ...(opts.connect ?? [])]],
    ['worker-src', ["'self'", 'blob:']],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([k, v]) => `${k} ${v.join(' ')}`).join('; ');
}
