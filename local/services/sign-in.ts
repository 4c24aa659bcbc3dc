// The sign-in provider for the local cloud (Cognito's stand-in): an OIDC provider whose signing key and users are
// kept under {home}.
import type { Server } from 'node:http';
import { ensureSigningKey } from '../auth.js';
import { oidcRequestHandler } from '../oidc.js';
import { ensureUsers } from '../users.js';

/** Serves sign-in on a bound server; returns the local users' file. */
export async function serveSignIn(
  server: Server,
  options: { home: string; issuer: string; webOrigin: string; tokenTtlSeconds?: number },
): Promise<string> {
  const usersFile = ensureUsers(options.home);
  const signingKey = await ensureSigningKey(options.home);
  server.on(
    'request',
    oidcRequestHandler({
      issuer: options.issuer,
      home: options.home,
      signingKey,
      webOrigin: options.webOrigin,
      ...(options.tokenTtlSeconds ? { tokenTtlSeconds: options.tokenTtlSeconds } : {}),
    }),
  );
  return usersFile;
}
