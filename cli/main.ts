// `outbound`: the command line of the local system.
import { Command, InvalidArgumentError, Option } from 'commander';
import { ROLES, type Role } from '../functions/domain/auth.js';
import { localSecret, mintToken } from '../local/auth.js';
import { outboundHome } from './context.js';

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
  .option('--subject <id>', 'the user id carried in the token')
  .option('--email <address>', 'the user email carried in the token')
  .option('--ttl <seconds>', 'lifetime in seconds', (v) => Number.parseInt(v, 10), 12 * 3600)
  .action(async (options: { role: Role; port?: string; subject?: string; email?: string; ttl: number }) => {
    if ((options.role === 'officer' || options.role === 'supervisor') && !options.port) {
      throw new InvalidArgumentError(`${options.role === 'officer' ? 'an' : 'a'} ${options.role} token needs --port`);
    }
    const token = await mintToken(localSecret(outboundHome()), {
      role: options.role,
      ttlSeconds: options.ttl,
      ...(options.port ? { port: options.port } : {}),
      ...(options.subject ? { subject: options.subject } : {}),
      ...(options.email ? { email: options.email } : {}),
    });
    process.stdout.write(`${token}\n`);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`outbound: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
