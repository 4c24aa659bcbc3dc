// The security headers of the web apps: one definition, sent by the local web server and by CloudFront's response
// headers policy (infra/constructs/web-hosting.ts), so the browser tests see what production sends.

export interface WebPeers {
  /** The API's origin (the apps call it with fetch). */
  api: string;
  /** The sign-in provider's origin (discovery, token and JWKS requests; the login page is a navigation). */
  auth: string;
  /**
   * Where the provider's token endpoint lives when it is not at the issuer's origin (Cognito: the user pool's sign-in
   * domain, while discovery and JWKS are at cognito-idp); absent locally.
   */
  signIn?: string;
  /** The uploads bucket's origin: the field app PUTs its batches to presigned URLs there. */
  uploads?: string;
}

export const HSTS_MAX_AGE_SECONDS = 2 * 365 * 24 * 3600;
export const FRAME_OPTIONS = 'DENY';
export const REFERRER_POLICY = 'strict-origin-when-cross-origin';

/**
 * Scripts only from the apps' own origin (no inline script, no eval); network calls only to the API, the sign-in
 * provider and the uploads bucket. Styles allow inline attributes because Observable Plot styles its SVG with them.
 */
export function contentSecurityPolicy(peers: WebPeers): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${["'self'", peers.api, peers.auth, peers.signIn, peers.uploads].filter(Boolean).join(' ')}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers CloudFront sends as custom headers (its policy has no dedicated field for them). */
export const CUSTOM_HEADERS: Readonly<Record<string, string>> = {
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'cross-origin-opener-policy': 'same-origin',
};

/** Every security header, as the local web server sends them. */
export function securityHeaders(peers: WebPeers): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(peers),
    'strict-transport-security': `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`,
    'x-content-type-options': 'nosniff',
    'x-frame-options': FRAME_OPTIONS,
    'referrer-policy': REFERRER_POLICY,
    'x-xss-protection': '0',
    ...CUSTOM_HEADERS,
  };
}

/** What each app reads from the `config.json` beside it. */
export interface WebConfig {
  api: string;
  issuer: string;
  clientId: string;
  /** Cognito's logout endpoint differs from OIDC's end_session_endpoint; absent locally (discovery has it). */
  logoutUrl?: string;
}
