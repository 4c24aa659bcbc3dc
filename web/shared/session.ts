// Sign-in for both apps: OpenID Connect authorization code + PKCE (oidc-client-ts), the same flow against the local
// provider and Cognito's managed login. Tokens live in sessionStorage (or a store the app chooses), never in
// localStorage by default; they are refreshed with the refresh token; an expired session goes back to sign-in and
// returns to the page it left.
import { computed, signal } from '@preact/signals';
import { type User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { WebConfig } from './config.js';

export type Role = 'officer' | 'supervisor' | 'hq' | 'investigator';

/** Who is signed in, from the ID token's claims (named as Cognito names them). */
export interface Person {
  username: string;
  role: Role;
  port?: string;
  agency?: string;
}

export const currentUser = signal<User | null>(null);
export const person = computed<Person | null>(() => {
  const profile = currentUser.value?.profile;
  if (!profile) return null;
  const claim = (name: string) => (typeof profile[name] === 'string' ? (profile[name] as string) : undefined);
  const role = claim('custom:role') as Role | undefined;
  if (!role) return null;
  const port = claim('custom:port');
  const agency = claim('custom:agency');
  return {
    username: claim('cognito:username') ?? profile.sub,
    role,
    ...(port ? { port } : {}),
    ...(agency ? { agency } : {}),
  };
});

let manager: UserManager | undefined;
let settings: WebConfig | undefined;
let appBase = '/';

function userManager(): UserManager {
  if (!manager) throw new Error('the session has not been started');
  return manager;
}

export interface SessionOptions {
  /** Where the app lives ('/' for the console, '/field/' for the field app): sign-in comes back here. */
  base: string;
  /** Where the signed-in user is kept (default sessionStorage: gone when the browser closes). */
  store?: Storage;
}

/** Starts the session: finishes a sign-in coming back from the provider, or picks up the stored one. */
export async function startSession(config: WebConfig, options: SessionOptions): Promise<Person | null> {
  settings = config;
  appBase = options.base;
  const redirect = `${location.origin}${options.base}`;
  manager = new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: redirect,
    post_logout_redirect_uri: redirect,
    response_type: 'code',
    scope: 'openid profile email',
    loadUserInfo: false,
    automaticSilentRenew: true,
    userStore: new WebStorageStateStore({ store: options.store ?? sessionStorage }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
  });
  manager.events.addUserLoaded((user) => {
    currentUser.value = user;
  });
  manager.events.addUserUnloaded(() => {
    currentUser.value = null;
  });
  // the refresh token is spent or the provider's session has ended: sign in again, then come back here
  manager.events.addSilentRenewError(() => void sessionExpired());

  const url = new URL(location.href);
  if (url.searchParams.has('state') && (url.searchParams.has('code') || url.searchParams.has('error'))) {
    try {
      const user = await manager.signinRedirectCallback();
      currentUser.value = user;
      history.replaceState(null, '', `${options.base}${user.url_state ?? ''}`);
    } catch (error) {
      history.replaceState(null, '', options.base);
      throw error;
    }
    return person.value;
  }
  const stored = await manager.getUser();
  if (stored && !stored.expired) currentUser.value = stored;
  else if (stored) {
    // an expired session: refreshed if the refresh token still holds, else back to sign-in and then to this page
    currentUser.value = stored.refresh_token ? await manager.signinSilent().catch(() => null) : null;
    if (!currentUser.value) await sessionExpired();
  }
  return person.value;
}

/** To the provider's sign-in page; back to the same page (its hash route) afterwards. */
export async function signIn(): Promise<void> {
  await userManager().signinRedirect({ url_state: location.hash });
}

/** The session has ended: forget it and sign in again, coming back to this page. */
export async function sessionExpired(): Promise<void> {
  await userManager().removeUser();
  await signIn();
}

export async function signOut(): Promise<void> {
  const user = currentUser.value;
  await userManager().removeUser();
  if (settings?.logoutUrl) {
    // Cognito's managed login signs out at its own /logout (it has no OIDC end_session_endpoint)
    const logout = new URL(settings.logoutUrl);
    logout.searchParams.set('client_id', settings.clientId);
    logout.searchParams.set('logout_uri', `${location.origin}${appBase}`);
    location.assign(logout.toString());
    return;
  }
  await userManager().signoutRedirect(user?.id_token ? { id_token_hint: user.id_token } : {});
}

/**
 * The bearer token for the API: the ID token (API Gateway's JWT authorizer takes the client as the audience, and the
 * ID token carries the role, port and agency). Refreshed first when it has expired.
 */
export async function bearerToken(forceRefresh = false): Promise<string | null> {
  let user = currentUser.value;
  if (!user) return null;
  if (forceRefresh || user.expired) {
    user = await userManager()
      .signinSilent()
      .catch(() => null);
    currentUser.value = user;
  }
  return user?.id_token ?? null;
}
