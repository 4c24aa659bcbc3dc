// What the API's routes need from the outside world, built once per process.
import { DynamoUploadRegistry } from '../adapters/dynamo-control.js';
import { DynamoPortRepository } from '../adapters/port-repository.js';
import { S3ObjectStore } from '../adapters/s3-object-store.js';
import { createDynamoDb, createS3 } from '../shared/clients.js';
import { loadConfig } from '../shared/config.js';

export interface ApiDeps {
  ports: Pick<DynamoPortRepository, 'registry'>;
  uploads: Pick<DynamoUploadRegistry, 'expect' | 'find'>;
  objects: Pick<S3ObjectStore, 'presignPut' | 'getJson' | 'head'>;
}

export function createApiDeps(): ApiDeps {
  const config = loadConfig(['CONTROL_TABLE', 'UPLOADS_BUCKET']);
  const db = createDynamoDb(config);
  return {
    ports: new DynamoPortRepository(db, config.CONTROL_TABLE),
    uploads: new DynamoUploadRegistry(db, config.CONTROL_TABLE),
    objects: new S3ObjectStore(createS3(config), config.UPLOADS_BUCKET),
  };
}
