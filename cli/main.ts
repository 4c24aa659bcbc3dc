// `outbound`: the command line of the local system.
import { Command, InvalidArgumentError, Option } from 'commander';
import { AGENCIES, type Agency, ROLES, type Role } from '../functions/domain/auth.js';
import { RECORD_KINDS } from '../functions/domain/records/kinds.js';
import { localSecret, mintToken } from '../local/auth.js';
import { ApiClient } from './api-client.js';
import { outboundHome } from './context.js';
import { runDemo } from './demo.js';
import { uploadBatch } from './upload.js';

const program = new Command('outbound').description('Outbound inspection program: local tools').showHelpAfterError();

function portCode(value: string): string {
  if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError('a port code is 4 digits, e.g. 2304');
  return value;
}

program
  .command('token')
  .description('mint a token for the local API (in AWS, the Cognito user pool issues them)')
  .addOption(new Option('--role <role>', 'the caller role').choices(ROLES).makeOptionMandatory())
  .option('--port <code>', 'the port of an officer or supervisor', portCode)
  .addOption(new Option('--agency <agency>', "an investigator's agency").choices(AGENCIES))
  .option('--subject <id>', 'the user id carried in the token')
  .option('--email <address>', 'the user email carried in the token')
  .option('--ttl <seconds>', 'lifetime in seconds', (v) => Number.parseInt(v, 10), 12 * 3600)
  .action(
    async (options: { role: Role; port?: string; agency?: Agency; subject?: string; email?: string; ttl: number }) => {
      const portScoped = options.role === 'officer' || options.role === 'supervisor';
      if (portScoped && !options.port)
        throw new InvalidArgumentError(`${options.role === 'officer' ? 'an' : 'a'} ${options.role} token needs --port`);
      if (!portScoped && options.port) throw new InvalidArgumentError(`a ${options.role} token takes no --port`);
      if (options.role === 'investigator' && !options.agency)
        throw new InvalidArgumentError(`an investigator token needs --agency (${AGENCIES.join(', ')})`);
      if (options.role !== 'investigator' && options.agency)
        throw new InvalidArgumentError('only an investigator token takes --agency');
      const token = await mintToken(localSecret(outboundHome()), {
        role: options.role,
        ttlSeconds: options.ttl,
        ...(options.port ? { port: options.port } : {}),
        ...(options.agency ? { agency: options.agency } : {}),
        ...(options.subject ? { subject: options.subject } : {}),
        ...(options.email ? { email: options.email } : {}),
      });
      process.stdout.write(`${token}\n`);
    },
  );

/** The caller's token: --token, then OUTBOUND_TOKEN, else one minted for the local cloud. */
async function tokenFor(explicit: string | undefined, role: Role, port?: string): Promise<string> {
  const given = explicit ?? process.env.OUTBOUND_TOKEN;
  if (given) return given;
  return mintToken(localSecret(outboundHome()), { role, subject: `cli-${role}`, ...(port ? { port } : {}) });
}

program
  .command('upload')
  .description('upload one batch through the API and print its receipt (exit 0 accepted, 2 partial, 3 rejected)')
  .argument('<file>', 'a .jsonl or .csv batch')
  .addOption(new Option('--kind <kind>', 'what the batch holds').choices(RECORD_KINDS).makeOptionMandatory())
  .requiredOption('--port <code>', 'the port the batch is from', portCode)
  .requiredOption('--device <id>', 'the device that captured it')
  .option('--batch <id>', 'the batch id (default: a new UUID)')
  .addOption(new Option('--format <format>', 'the file format (default: from the extension)').choices(['jsonl', 'csv']))
  .option('--token <jwt>', 'the bearer token (default: OUTBOUND_TOKEN, or a local officer token for --port)')
  .option('--timeout <seconds>', 'how long to wait for the receipt', (v) => Number.parseInt(v, 10), 120)
  .action(
    async (
      file: string,
      options: {
        kind: string;
        port: string;
        device: string;
        batch?: string;
        format?: string;
        token?: string;
        timeout: number;
      },
    ) => {
      const api = ApiClient.local(await tokenFor(options.token, 'officer', options.port));
      const receipt = await uploadBatch(api, file, { ...options, timeoutSeconds: options.timeout });
      process.stdout.write(`${JSON.stringify(receipt, null, 2)}\n`);
      process.stderr.write(
        `${receipt.status}: ${receipt.received} received, ${receipt.accepted} accepted, ${receipt.duplicates} duplicates, ${receipt.conflicts} conflicts, ${receipt.rejected} rejected\n`,
      );
      process.exitCode = receipt.status === 'accepted' ? 0 : receipt.status === 'partial' ? 2 : 3;
    },
  );

program
  .command('demo')
  .description('fill the running local cloud with realistic activity (through the upload path), then recount it')
  .option('--days <n>', 'how many days of activity, ending yesterday', (v) => Number.parseInt(v, 10), 90)
  .option(
    '--seed <n>',
    'the random seed (the same seed and day give the same data)',
    (v) => Number.parseInt(v, 10),
    2304,
  )
  .option('--surge', 'then run a short surge operation over the uploaded days, to its results (about 4 minutes)')
  .action(async (options: { days: number; seed: number; surge?: boolean }) => {
    if (!Number.isInteger(options.days) || options.days < 1 || options.days > 400)
      throw new InvalidArgumentError('--days is 1 to 400');
    const api = ApiClient.local(await tokenFor(undefined, 'hq'));
    const ok = await runDemo(api, { ...options, log: (line) => process.stdout.write(`${line}\n`) });
    process.exitCode = ok ? 0 : 1;
  });

const surge = program.command('surge').description('pulse-and-surge operations (headquarters)');

surge
  .command('schedule')
  .description('schedule an operation: --random N [--border B] [--state S], or --ports P1,P2 (intelligence)')
  .option('--random <count>', 'pick this many ports at random, weighted toward those that need it', (v) =>
    Number.parseInt(v, 10),
  )
  .option('--ports <codes>', 'the ports named by intelligence, comma-separated')
  .option('--border <border>', 'US-Mexico or US-Canada (random only)')
  .option('--state <state>', 'one state (random only)')
  .requiredOption('--start <time>', 'ISO-8601 start, e.g. 2026-12-01T06:00:00-06:00, or +MINUTES from now')
  .requiredOption('--end <time>', 'ISO-8601 end, or +MINUTES from now')
  .requiredOption('--why <justification>', 'the justification')
  .option('--seed <n>', 'the random seed (recorded either way)', (v) => Number.parseInt(v, 10))
  .option('--token <jwt>', 'the bearer token (default: a local hq token)')
  .action(
    async (o: {
      random?: number;
      ports?: string;
      border?: string;
      state?: string;
      start: string;
      end: string;
      why: string;
      seed?: number;
      token?: string;
    }) => {
      const when = (value: string) =>
        /^\+\d+(\.\d+)?$/.test(value) ? new Date(Date.now() + Number(value.slice(1)) * 60_000).toISOString() : value;
      const body = {
        mode: o.ports ? 'intelligence' : 'random',
        ...(o.ports ? { ports: o.ports.split(',').map((p) => p.trim()) } : { count: o.random ?? 1 }),
        ...(o.border ? { border: o.border } : {}),
        ...(o.state ? { state: o.state } : {}),
        ...(o.seed !== undefined ? { seed: o.seed } : {}),
        start: when(o.start),
        end: when(o.end),
        justification: o.why,
      };
      const api = ApiClient.local(await tokenFor(o.token, 'hq'));
      process.stdout.write(`${JSON.stringify(await api.call('POST', '/surges', body), null, 2)}\n`);
    },
  );

surge
  .command('list')
  .option('--status <status>', 'REQUESTED, SCHEDULED, ACTIVE, COMPLETED, CANCELLED or FAILED')
  .option('--port <code>', 'operations at one port', portCode)
  .option('--token <jwt>', 'the bearer token (default: a local hq token)')
  .action(async (o: { status?: string; port?: string; token?: string }) => {
    const api = ApiClient.local(await tokenFor(o.token, 'hq'));
    const query = new URLSearchParams({
      ...(o.status ? { status: o.status } : {}),
      ...(o.port ? { port: o.port } : {}),
    });
    const { surges } = await api.call<{
      surges: Array<{ surgeId: string; status: string; mode: string; ports: string[]; start: string; end: string }>;
    }>('GET', `/surges?${query}`);
    for (const s of surges)
      process.stdout.write(`${s.surgeId}\t${s.status}\t${s.mode}\t${s.ports.join(',')}\t${s.start} → ${s.end}\n`);
  });

surge
  .command('show')
  .argument('<id>', 'the operation id')
  .option('--token <jwt>', 'the bearer token (default: a local hq token)')
  .action(async (id: string, o: { token?: string }) => {
    const api = ApiClient.local(await tokenFor(o.token, 'hq'));
    process.stdout.write(`${JSON.stringify(await api.call('GET', `/surges/${encodeURIComponent(id)}`), null, 2)}\n`);
  });

surge
  .command('cancel')
  .argument('<id>', 'the operation id')
  .requiredOption('--reason <text>', 'why it is cancelled')
  .option('--token <jwt>', 'the bearer token (default: a local hq token)')
  .action(async (id: string, o: { reason: string; token?: string }) => {
    const api = ApiClient.local(await tokenFor(o.token, 'hq'));
    process.stdout.write(
      `${JSON.stringify(await api.call('POST', `/surges/${encodeURIComponent(id)}/cancel`, { reason: o.reason }), null, 2)}\n`,
    );
  });

const referrals = program.command('referrals').description('referrals of seizures to the investigating agency');

referrals
  .command('list')
  .description('list referrals (as hq unless --token is given)')
  .option('--status <status>', 'PENDING_DECISION, APPROVED, DECLINED, ROUTED, ACCEPTED, AGENCY_DECLINED or FAILED')
  .option('--port <code>', 'one port', portCode)
  .option('--token <jwt>', 'the bearer token')
  .action(async (options: { status?: string; port?: string; token?: string }) => {
    const api = ApiClient.local(await tokenFor(options.token, 'hq'));
    const query = new URLSearchParams({
      ...(options.status ? { status: options.status } : {}),
      ...(options.port ? { port: options.port } : {}),
    });
    const { referrals: list } = await api.call<{ referrals: Array<Record<string, string>> }>(
      'GET',
      `/referrals?${query}`,
    );
    for (const r of list) {
      process.stdout.write(
        `${r.referralId}\t${r.status}\t${r.findingType}\t${r.portCode} ${r.portName}\t${r.escalation ?? ''}\t${r.slaDueAt ?? ''}\n`,
      );
    }
    process.stderr.write(`${list.length} referrals\n`);
  });

referrals
  .command('show')
  .argument('<id>', 'the referral id')
  .option('--token <jwt>', 'the bearer token')
  .description('one referral with its audit trail')
  .action(async (id: string, options: { token?: string }) => {
    const api = ApiClient.local(await tokenFor(options.token, 'hq'));
    process.stdout.write(`${JSON.stringify(await api.call('GET', `/referrals/${encodeURIComponent(id)}`), null, 2)}\n`);
  });

referrals
  .command('decide')
  .argument('<id>', 'the referral id')
  .option('--approve', 'approve the referral')
  .option('--decline', 'decline the referral (needs --reason)')
  .option('--reason <text>', 'why')
  .option('--token <jwt>', "the bearer token (default: a local supervisor token for the referral's port)")
  .description("decide a referral as the port's supervisor")
  .action(async (id: string, options: { approve?: boolean; decline?: boolean; reason?: string; token?: string }) => {
    if (Boolean(options.approve) === Boolean(options.decline))
      throw new InvalidArgumentError('give exactly one of --approve or --decline');
    let token = options.token ?? process.env.OUTBOUND_TOKEN;
    if (!token) {
      const referral = await ApiClient.local(await tokenFor(undefined, 'hq')).call<{ portCode: string }>(
        'GET',
        `/referrals/${encodeURIComponent(id)}`,
      );
      token = await tokenFor(undefined, 'supervisor', referral.portCode);
    }
    const body = {
      decision: options.approve ? 'approve' : 'decline',
      ...(options.reason ? { reason: options.reason } : {}),
    };
    const answer = await ApiClient.local(token).call('POST', `/referrals/${encodeURIComponent(id)}/decision`, body);
    process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`outbound: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
