// The console: headquarters, supervisors and investigators, each seeing exactly the pages their role allows.
import '../shared/styles.css';
import { render } from 'preact';
import { setApiBase } from '../shared/api.js';
import { loadConfig } from '../shared/config.js';
import { refreshRoute } from '../shared/router.js';
import { startSession } from '../shared/session.js';
import { App } from './app.js';

const root = document.getElementById('app') as HTMLElement;

async function start(): Promise<void> {
  const config = await loadConfig('/');
  setApiBase(config.api);
  await startSession(config, { base: '/' });
  refreshRoute();
  render(<App />, root);
}

start().catch((error: unknown) => {
  render(
    <main>
      <h1>The console could not start</h1>
      <p role="alert" class="notice error">
        {String(error instanceof Error ? error.message : error)}
      </p>
      <p>
        <a href="/">Try again</a>
      </p>
    </main>,
    root,
  );
});
