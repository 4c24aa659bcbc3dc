// The field app's place at /field/: the offline-first capture app of issue 15 is built here on the shared stack.
import '../shared/styles.css';
import { render } from 'preact';
import { loadConfig } from '../shared/config.js';
import { person, signIn, signOut, startSession } from '../shared/session.js';

function FieldApp() {
  const who = person.value;
  return (
    <main>
      <h1>Outbound field app</h1>
      {who ? (
        <>
          <p>
            Signed in as {who.username} ({who.role}
            {who.port ? `, port ${who.port}` : ''}).
          </p>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </>
      ) : (
        <button type="button" onClick={() => void signIn()}>
          Sign in
        </button>
      )}
    </main>
  );
}

const config = await loadConfig('/field/');
await startSession(config, { base: '/field/' });
render(<FieldApp />, document.getElementById('app') as HTMLElement);
