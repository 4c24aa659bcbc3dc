// The local sign-in: a certified OpenID Connect provider (oidc-provider) with the users of .outbound/users.json, in
// place of Cognito's managed login. Authorization code + PKCE for the web apps' public client, refresh tokens, ID
// tokens that carry `custom:role`, `custom:port` and `custom:agency` as Cognito's do, signed with the local key.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { LOCAL_CLIENT_ID, userClaims } from './auth.js';
import { checkPassword, type LocalUser, readUsers } from './users.js';

export interface OidcOptions {
  issuer: string;
  home: string;
  signingKey: Record<string, unknown>;
  /** The web apps' addresses (their origins), for redirect URIs and CORS. */
  webOrigin: string;
  /** Lifetime of ID and access tokens (Cognito's default: 1 hour). */
  tokenTtlSeconds?: number;
}

const SCOPES = 'openid profile email';
const PROFILE_CLAIMS = ['custom:role', 'custom:port', 'custom:agency', 'cognito:username'];

/** The pages the web apps come back to after sign-in and sign-out. */
export function redirectUris(webOrigin: string): string[] {
  return [`${webOrigin}/`, `${webOrigin}/field/`];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const PAGE_STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1b1f24}
main{max-width:22rem;margin:12vh auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem;margin:0 0 1rem}label{display:block;margin:.8rem 0 .2rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.5rem;font:inherit;border:1px solid #667;border-radius:4px}
button{margin-top:1.2rem;width:100%;padding:.6rem;font:inherit;font-weight:600;background:#0b4f8a;color:#fff;
border:0;border-radius:4px;cursor:pointer}[role=alert]{color:#a4000f;font-weight:600}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${PAGE_STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function loginPage(uid: string, error?: string, username = ''): string {
  return page(
    'Sign in — Outbound',
    `<h1>Sign in to Outbound</h1>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
<label for="username">Username</label><input id="username" name="username" required autofocus value="${escapeHtml(username)}">
<label for="password">Password</label><input id="password" name="password" type="password" required>
<button type="submit">Sign in</button></form>`,
  );
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 16 * 1024) break;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(response: ServerResponse, status: number, html: string, webOrigin: string): void {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // the sign-in form's answer redirects back to the web app, which form-action also governs
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${webOrigin}; frame-ancestors 'none'`,
    'x-content-type-options': 'nosniff',
  });
  response.end(html);
}

function account(user: LocalUser) {
  return {
    accountId: user.username,
    claims: async () => ({ sub: user.username, 'cognito:username': user.username, ...userClaims(user) }),
  };
}

export function createOidcProvider(options: OidcOptions): Provider {
  const ttl = options.tokenTtlSeconds ?? 3600;
  const configuration: Configuration = {
    clients: [
      {
        client_id: LOCAL_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: redirectUris(options.webOrigin),
        post_logout_redirect_uris: redirectUris(options.webOrigin),
      },
    ],
    jwks: { keys: [options.signingKey as never] },
    cookies: { keys: [randomBytes(32).toString('base64')] },
    claims: { openid: ['sub'], profile: PROFILE_CLAIMS, email: ['email'] },
    scopes: ['openid', 'profile', 'email'],
    // Cognito's ID token carries the user's attributes; the API reads them from it
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = page(
            'Sign out — Outbound',
            `<h1>Sign out of Outbound</h1>${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>`,
          );
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // a first-party client: the people of the agency are not asked to consent to their own console
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const client = ctx.oidc.client;
      const session = ctx.oidc.session;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing) return existing;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(SCOPES);
      grant.addOIDCClaims(['sub', 'email', ...PROFILE_CLAIMS]);
      await grant.save();
      return grant;
    },
    // Cognito issues a refresh token with every code exchange; so does the local provider
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    clientBasedCORS: (_ctx, origin) => origin === options.webOrigin,
    findAccount: async (_ctx, id) => {
      const user = readUsers(options.home).find((candidate) => candidate.username === id);
      return user ? account(user) : undefined;
    },
    ttl: {
      AccessToken: ttl,
      IdToken: ttl,
      AuthorizationCode: 60,
      Interaction: 3600,
      Session: 12 * 3600,
      Grant: 12 * 3600,
      RefreshToken: 12 * 3600,
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page(
        'Sign-in error — Outbound',
        `<h1>Sign-in could not go on</h1><p role="alert">${escapeHtml(String(out.error_description ?? out.error))}</p>`,
      );
    },
  };
  return new Provider(options.issuer, configuration);
}

/** The provider's HTTP handler, with the login pages it sends people to. */
export function oidcRequestHandler(options: OidcOptions): (request: IncomingMessage, response: ServerResponse) => void {
  const provider = createOidcProvider(options);
  const callback = provider.callback();
  return async (request, response) => {
    const url = new URL(request.url ?? '/', options.issuer);
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
    if (!match) {
      callback(request, response);
      return;
    }
    try {
      const details = await provider.interactionDetails(request, response);
      if (details.uid !== match[1]) throw new Error('interaction mismatch');
      if (!match[2] && request.method === 'GET' && details.prompt.name === 'consent' && details.session) {
        const grant = new provider.Grant({
          clientId: String(details.params.client_id),
          accountId: details.session.accountId,
        });
        grant.addOIDCScope(SCOPES);
        grant.addOIDCClaims(['sub', 'email', ...PROFILE_CLAIMS]);
        await provider.interactionFinished(request, response, { consent: { grantId: await grant.save() } });
        return;
      }
      if (!match[2] && request.method === 'GET') {
        send(response, 200, loginPage(details.uid), options.webOrigin);
        return;
      }
      if (match[2] && request.method === 'POST') {
        const form = await readForm(request);
        const username = form.get('username') ?? '';
        const user = checkPassword(options.home, username, form.get('password') ?? '');
        if (!user) {
          send(
            response,
            401,
            loginPage(details.uid, 'The username or password is not right.', username),
            options.webOrigin,
          );
          return;
        }
        await provider.interactionFinished(request, response, { login: { accountId: user.username } });
        return;
      }
      send(
        response,
        405,
        page('Sign in — Outbound', '<p role="alert">This page only takes the sign-in form.</p>'),
        options.webOrigin,
      );
    } catch {
      send(
        response,
        400,
        page(
          'Sign in — Outbound',
          '<h1>This sign-in has expired</h1><p role="alert">Go back to the console and sign in again.</p>',
        ),
        options.webOrigin,
      );
    }
  };
}
