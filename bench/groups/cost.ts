// cost.per_million: the AWS cost of ingesting a million inspection records, from the measured time per record.
import { results, round } from '../results.js';

export function costPerMillion(secondsPerRecord: number) {
  const memoryGb = 1;
  const lambdaGbSeconds = secondsPerRecord * 1_000_000 * memoryGb;
  const terms = {
    lambdaUsd: round(lambdaGbSeconds * 0.0000133334, 4),
    dynamoWriteUsd: round(1_000_000 * 0.625e-6, 4),
    dynamoReadUsd: round((1_000_000 / 100) * 100 * 0.125e-6, 4),
    s3Usd: round(1000 * (0.005 / 1000) + 1000 * 3 * (0.005 / 1000) + 1000 * (0.0004 / 1000), 4),
    sqsUsd: round(1000 * 3 * (0.4 / 1_000_000), 6),
  };
  const total = Object.values(terms).reduce((a, b) => a + b, 0);
  results['cost.per_million'] = {
    value: round(total, 3),
    unit: 'USD per million inspection records',
    budget: 'report; aim under $2',
    ok: total < 2,
    detail: {
      ...terms,
      assumptions: `batches of 1,000 records; Lambda arm64 1 GB at $0.0000133334/GB-s for the measured local ${round(secondsPerRecord * 1e6, 1)} µs per record (an upper bound: the local store shares the machine); DynamoDB on demand $0.625 per million writes and $0.125 per million reads (1 write + 1 strongly consistent read per record); S3 1 PUT per batch + receipt/quarantine/GET; SQS 3 requests per batch`,
    },
  };
}
