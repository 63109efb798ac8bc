/**
 * The Content-Security-Policy and the other security headers of every answer the app gives,
 * whichever adapter gives it: the loopback web server (pages, errors, refused WebSocket upgrades)
 * and the Electron window's `app://` protocol.
 */

/**
 * The policy for the app's pages. Scripts only from the app itself (no inline script, no eval),
 * nothing embeddable, nothing embedding it, no form posts, and network access only to the app's
 * own origin plus, in browser mode, its WebSocket endpoint. Inline styles stay allowed: editor
 * and layout libraries inject <style> elements.
 */
export function contentSecurityPolicy(options: { readonly connectSrc?: readonly string[] } = {}): string {
  const connect = ["'self'", ...(options.connectSrc ?? [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "manifest-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers every response of the app's own pages carries. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), payment=()',
    'Cache-Control': 'no-cache',
  };
}
