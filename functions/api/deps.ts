// What the API's routes need from the outside world, built once per process.
import { DynamoUploadRegistry } from '../adapters/dynamo-control.js';
import { MetricsStore, PolicyStore } from '../adapters/metrics-store.js';
import { DynamoPortRepository } from '../adapters/port-repository.js';
import { ReferralRepository } from '../adapters/referral-repository.js';
import { S3ObjectStore } from '../adapters/s3-object-store.js';
import { S3UploadUrls } from '../adapters/s3-upload-urls.js';
import { SurgeRepository } from '../adapters/surge-repository.js';
import { ReferralAnswers } from '../referrals/answers.js';
import { createReportingDeps } from '../reporting/deps.js';
import type { WeeklyDeps } from '../reporting/weekly.js';
import { loadConfig } from '../shared/config.js';
import { createDynamoDb } from '../shared/dynamodb-client.js';
import { createS3 } from '../shared/s3-client.js';
import { createSfn } from '../shared/sfn-client.js';
import { SurgeLauncher } from '../surges/launcher.js';
import { ComplianceCache, ReferenceData } from './caches.js';

export interface ApiDeps {
  ports: Pick<DynamoPortRepository, 'registry'>;
  uploads: Pick<DynamoUploadRegistry, 'expect' | 'find' | 'recentByPort'>;
  objects: Pick<S3ObjectStore, 'getJson' | 'head'>;
  uploadUrls: Pick<S3UploadUrls, 'presignPut'>;
  referrals: Pick<ReferralRepository, 'get' | 'list' | 'audit' | 'openedBetween'>;
  answers: Pick<ReferralAnswers, 'answer'>;
  reporting: WeeklyDeps;
  policies: Pick<PolicyStore, 'put' | 'history'>;
  surges: Pick<SurgeRepository, 'create' | 'get' | 'byStatus' | 'historyOf' | 'transition'>;
  launcher: Pick<SurgeLauncher, 'start' | 'stop' | 'executionArnOf'>;
  complianceCache: ComplianceCache;
  referenceData: ReferenceData;
  metricsVersion: Pick<MetricsStore, 'computedAt'>;
}

export function createApiDeps(): ApiDeps {
  const config = loadConfig([
    'CONTROL_TABLE',
    'UPLOADS_BUCKET',
    'REFERRALS_TABLE',
    'METRICS_TABLE',
    'RECORDS_TABLE',
    'REPORTS_BUCKET',
    'OPERATIONS_TABLE',
    'SURGE_STATE_MACHINE_ARN',
  ]);
  const db = createDynamoDb(config);
  const sfn = createSfn(config);
  const s3 = createS3(config);
  const referrals = new ReferralRepository(db, config.REFERRALS_TABLE);
  return {
    ports: new DynamoPortRepository(db, config.CONTROL_TABLE),
    uploads: new DynamoUploadRegistry(db, config.CONTROL_TABLE),
    objects: new S3ObjectStore(s3, config.UPLOADS_BUCKET),
    uploadUrls: new S3UploadUrls(s3, config.UPLOADS_BUCKET),
    referrals,
    answers: new ReferralAnswers(referrals, sfn),
    reporting: createReportingDeps(),
    policies: new PolicyStore(db, config.CONTROL_TABLE),
    surges: new SurgeRepository(db, config.OPERATIONS_TABLE),
    launcher: new SurgeLauncher(sfn, config.SURGE_STATE_MACHINE_ARN),
    complianceCache: new ComplianceCache(),
    referenceData: new ReferenceData(),
    metricsVersion: new MetricsStore(db, config.METRICS_TABLE),
  };
}
