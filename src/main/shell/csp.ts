/**
 * The content security policy both hosts send with the renderer: only Watchfloor's own files run,
 * nothing remote loads, no frames, no forms, no plugins. Untrusted message bodies are rendered
 * as text, and even if markup slipped through, no inline script or remote request could run.
 */
export function contentSecurityPolicy(opts: { devServerOrigin?: string } = {}): string {
  const self = opts.devServerOrigin ? `'self' ${opts.devServerOrigin}` : `'self'`;
  const connect = opts.devServerOrigin ? `${self} ${opts.devServerOrigin.replace(/^http/, 'ws')}` : self;
  return [
    `default-src 'none'`,
    `script-src ${self}`,
    `style-src ${self}`,
    `img-src 'self' data:`,
    `font-src 'self'`,
    `connect-src ${connect}`,
    `manifest-src 'self'`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'none'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}
