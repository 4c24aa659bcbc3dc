// `npm run chaos`: 20,000 records in many uploads under a 20% fault rate; prints the report, writes
// bench/chaos-results.json, and exits non-zero if anything was lost, doubled or left unbalanced.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { runChaos } from '../local/chaos.js';

const program = new Command('chaos')
  .option('--records <n>', 'valid inspection records to upload', '20000')
  .option('--batch <n>', 'records per upload', '200')
  .option('--rate <r>', 'fault rate per SDK request attempt', '0.2')
  .option('--seed <n>', 'seed for a reproducible run', '7')
  .option('--restarts <n>', 'Step Functions endpoint restarts during the run', '2')
  .parse();
const options = program.opts<{ records: string; batch: string; rate: string; seed: string; restarts: string }>();

const home = mkdtempSync(join(tmpdir(), 'outbound-chaos-'));
try {
  const report = await runChaos({
    home,
    records: Number(options.records),
    batchSize: Number(options.batch),
    faultRate: Number(options.rate),
    seed: Number(options.seed),
    stepFunctionsRestarts: Number(options.restarts),
    log: (line) => console.error(`chaos: ${line}`),
  });
  console.log(JSON.stringify(report, null, 2));
  writeFileSync(new URL('./chaos-results.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = report.ok ? 0 : 1;
} finally {
  rmSync(home, { recursive: true, force: true });
}
// the functions' SDK clients are built once per process and keep their connections open, as in Lambda
process.exit();
