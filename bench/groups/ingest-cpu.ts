// ingest.cpu: reading, parsing, validating and normalizing lines, against JSON.parse alone.

import { inspection, jsonl } from '../../fixtures/records.js';
import { fingerprint } from '../../functions/domain/fingerprint.js';
import { localDateOf, schemaOf } from '../../functions/domain/records/schemas.js';
import { validateRecord } from '../../functions/domain/records/validate.js';
import { readUpload } from '../../functions/domain/uploads/lines.js';
import { median, results, round } from '../results.js';

/** Seconds per pass of `run` over the same input: the median of 3, after one pass that warms the code up. */
async function perPass(run: () => Promise<number> | number): Promise<{ seconds: number; count: number }> {
  let count = await run();
  const runs: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    count = await run();
    runs.push((performance.now() - t) / 1000);
  }
  return { seconds: median(runs), count };
}

/** The size of the pieces an S3 object's body arrives in, as the SDK streams it. */
const S3_CHUNK_BYTES = 64 * 1024;

async function* inChunks(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export async function ingestCpu() {
  const n = 100_000;
  const lines = jsonl(Array.from({ length: n }, (_, i) => inspection({ recordId: `cpu-${i}` })));
  const context = { portCode: '2304', now: new Date() };
  const parseOnly = await perPass(() => {
    let parsed = 0;
    for (const line of lines.toString('utf8').split('\n')) if (line) parsed += JSON.parse(line) ? 1 : 0;
    return parsed;
  });
  // what the ingest does to each line before storing it: read it from the bytes, parse, validate, normalize
  // (trimmed strings, defaults, flags, referral requests, the record's day)
  const pipeline = await perPass(async () => {
    let valid = 0;
    for await (const batch of readUpload('jsonl', 'inspections', inChunks(lines, S3_CHUNK_BYTES))) {
      for (const line of batch) {
        if (!('value' in line)) continue;
        const checked = validateRecord('inspections', line.value, context);
        if (checked.ok && localDateOf(checked.record)) valid++;
      }
    }
    return valid;
  });
  // its parts, each alone: the schema's safeParse of parsed objects, and the fingerprint the store keys on
  const objects = lines
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as unknown);
  const zodOnly = await perPass(() => objects.filter((o) => schemaOf('inspections').safeParse(o).success).length);
  const data = objects.map((o) => schemaOf('inspections').parse(o));
  const fingerprintOnly = await perPass(() => data.filter((d) => fingerprint(d)).length);
  const micros = (pass: { seconds: number }) => round((pass.seconds * 1e6) / n, 2);
  const value = pipeline.count / pipeline.seconds;
  const baseline = parseOnly.count / parseOnly.seconds;
  results['ingest.cpu'] = {
    value: Math.round(value),
    unit: 'records/s',
    baseline: Math.round(baseline),
    ratio: round(value / baseline),
    budget: 'ratio ≥ 0.35',
    ok: value / baseline >= 0.35 && pipeline.count === n,
    detail: {
      microsecondsPerLine: {
        jsonParse: micros(parseOnly),
        pipeline: micros(pipeline),
        zodSafeParseAlone: micros(zodOnly),
        fingerprintAlone: micros(fingerprintOnly),
      },
      ratioIfOnlyJsonParseAndZod: round(parseOnly.seconds / (parseOnly.seconds + zodOnly.seconds)),
    },
  };
}
