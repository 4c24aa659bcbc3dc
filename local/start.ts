// `npm start`: the whole system on this machine, on the local cloud, until Ctrl-C.
import { resolve } from 'node:path';
import { type LocalCloud, PortInUseError, portsFromEnv, startLocalCloud } from './cloud.js';

const home = resolve(process.env.OUTBOUND_HOME ?? '.outbound');
const started = Date.now();
let cloud: LocalCloud | undefined;
let stopping = false;

async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the local cloud…`);
  await cloud?.stop();
  console.log('stopped; data kept in', home);
  process.exit(0);
}

process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

try {
  cloud = await startLocalCloud({
    home,
    ports: portsFromEnv(),
    schedules: process.env.OUTBOUND_SCHEDULES !== 'off',
    watchWeb: process.env.OUTBOUND_WEB_WATCH !== 'off',
    log: (line) => console.log(`[${new Date().toISOString()}] ${line}`),
  });
  const e = cloud.endpoints;
  const rows: Array<[string, string]> = [
    ['Console (web)', `${e.web}/`],
    ['Field app (web)', `${e.web}/field/`],
    ['Sign-in (OIDC)', e.auth],
    ['HTTP API', e.api],
    ['DynamoDB', e.dynamodb],
    ['S3', e.s3],
    ['Step Functions', e.stepfunctions],
    ['SES (API and viewer)', e.ses],
    ['Lambda (Invoke API)', e.lambda],
  ];
  console.log(
    `Outbound local cloud is up on Node.js ${process.version} (${((Date.now() - started) / 1000).toFixed(1)} s), data in ${home}`,
  );
  for (const [name, url] of rows) console.log(`  ${name.padEnd(22)} ${url}`);
  console.log(`  buckets                ${e.uploadsBucket}, ${e.reportsBucket}`);
  console.log(`  tables                 ${Object.values(e.tables).join(', ')}`);
  if (Object.keys(e.stateMachines).length > 0)
    console.log(`  state machines         ${Object.values(e.stateMachines).join(', ')}`);
  console.log(`Sign in with a user of ${cloud.usersFile} (username and password).`);
  console.log(`Endpoints written to ${resolve(home, 'endpoints.json')}. Ctrl-C stops everything.`);
} catch (error) {
  if (error instanceof PortInUseError) console.error(error.message);
  else console.error('the local cloud could not start:', error);
  await cloud?.stop();
  process.exit(1);
}
