// The field app's entry: opens the queue, renders at once (offline too), then picks up the sign-in and starts sending.
import '../shared/styles.css';
import './field.css';
import { effect } from '@preact/signals';
import { render } from 'preact';
import { loadConfig } from '../shared/config.js';
import { bearerToken, currentUser, person, signIn, signOut, startSession } from '../shared/session.js';
import { FieldShell } from './app.js';
import { FieldStore } from './queue/store.js';
import { FieldApp, sessionValid } from './state.js';
import { uploadsApi } from './uploads-api.js';

const BASE = '/field/';

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register(`${BASE}sw.js`, { scope: BASE }).catch(() => undefined);
}

const config = await loadConfig(BASE);
// a newer version of the app opened in another tab upgrades the queue: this tab lets go and loads that version
const store = await FieldStore.open(undefined, () => location.reload());
const app = new FieldApp({ store, api: uploadsApi(config.api), token: () => bearerToken() });
await app.load();

const root = document.getElementById('app') as HTMLElement;
const shell = () => (
  <FieldShell
    app={app}
    signIn={() => void signIn()}
    signOut={() => {
      void app.signedOut().then(() => signOut());
    }}
  />
);
render(shell(), root);

// the session lives in localStorage: signed in once, the officer stays known for the shift, offline and across restarts
await startSession(config, { base: BASE, store: localStorage }).catch(() => null);
effect(() => {
  const user = currentUser.value;
  const who = person.value;
  sessionValid.value = Boolean(user && !user.expired);
  if (user && who?.port && (who.role === 'officer' || who.role === 'supervisor')) {
    void app.signedIn({ subject: user.profile.sub, username: who.username, port: who.port });
  }
});

addEventListener('online', () => void app.cameOnline());
addEventListener('offline', () => void app.wentOffline());
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') app.sendNow();
});
void app.checkStorage();
if (navigator.onLine) void app.cameOnline();
else void app.wentOffline();
