// The ingest function's adapters, built once per process from the validated config.
import { DynamoUploadRegistry } from '../adapters/dynamo-control.js';
import { DynamoRecordStore } from '../adapters/dynamo-record-store.js';
import { DynamoPortRepository } from '../adapters/port-repository.js';
import { S3ObjectStore } from '../adapters/s3-object-store.js';
import { SfnReferralStarter } from '../adapters/sfn-referral-starter.js';
import { loadConfig } from '../shared/config.js';
import { createDynamoDb } from '../shared/dynamodb-client.js';
import { FUNCTION_ENV } from '../shared/function-env.js';
import { createS3 } from '../shared/s3-client.js';
import { createSfn } from '../shared/sfn-client.js';
import type { IngestDeps } from './process-upload.js';

export type IngestFunctionDeps = IngestDeps & { outboxGraceSeconds: number };

export function createIngestDeps(): IngestFunctionDeps {
  const config = loadConfig(FUNCTION_ENV.ingest);
  const db = createDynamoDb(config);
  const ports = new DynamoPortRepository(db, config.CONTROL_TABLE);
  const starter = new SfnReferralStarter(createSfn(config), config.REFERRAL_STATE_MACHINE_ARN, {
    decisionSeconds: config.REFERRAL_DECISION_SLA_SECONDS,
    agencySeconds: config.REFERRAL_AGENCY_SLA_SECONDS,
  });
  return {
    objects: new S3ObjectStore(createS3(config), config.UPLOADS_BUCKET),
    records: new DynamoRecordStore(db, config.RECORDS_TABLE),
    referrals: starter,
    uploads: new DynamoUploadRegistry(db, config.CONTROL_TABLE),
    ports: () => ports.registry(),
    maxUploadBytes: config.MAX_UPLOAD_BYTES,
    outboxGraceSeconds: config.REFERRAL_OUTBOX_GRACE_SECONDS,
    now: () => new Date(),
  };
}
