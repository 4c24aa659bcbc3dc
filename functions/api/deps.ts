// What the API's routes need from the outside world, built once per process.
import { DynamoPortRepository } from '../adapters/port-repository.js';
import { createDynamoDb } from '../shared/clients.js';
import { loadConfig } from '../shared/config.js';

export interface ApiDeps {
  ports: Pick<DynamoPortRepository, 'registry'>;
}

export function createApiDeps(): ApiDeps {
  const config = loadConfig(['CONTROL_TABLE']);
  const db = createDynamoDb(config);
  return { ports: new DynamoPortRepository(db, config.CONTROL_TABLE) };
}
