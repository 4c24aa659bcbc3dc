// The ingest function's adapters, built once per process from the validated config.
import { DynamoReferralRequestStore, DynamoUploadRegistry } from '../adapters/dynamo-control.js';
import { DynamoRecordStore } from '../adapters/dynamo-record-store.js';
import { DynamoPortRepository } from '../adapters/port-repository.js';
import { S3ObjectStore } from '../adapters/s3-object-store.js';
import { createDynamoDb, createS3 } from '../shared/clients.js';
import { loadConfig } from '../shared/config.js';
import type { IngestDeps } from './process-upload.js';

export function createIngestDeps(): IngestDeps {
  const config = loadConfig(['RECORDS_TABLE', 'CONTROL_TABLE', 'UPLOADS_BUCKET']);
  const db = createDynamoDb(config);
  const ports = new DynamoPortRepository(db, config.CONTROL_TABLE);
  return {
    objects: new S3ObjectStore(createS3(config), config.UPLOADS_BUCKET),
    records: new DynamoRecordStore(db, config.RECORDS_TABLE),
    referrals: new DynamoReferralRequestStore(db, config.CONTROL_TABLE),
    uploads: new DynamoUploadRegistry(db, config.CONTROL_TABLE),
    ports: () => ports.registry(),
    maxUploadBytes: config.MAX_UPLOAD_BYTES,
    now: () => new Date(),
  };
}
