// What the API's routes need from the outside world, built once per process.
import { randomUUID } from 'node:crypto';
import { DynamoUploadRegistry } from '../adapters/dynamo-control.js';
import { DynamoJobRuns } from '../adapters/dynamo-job-runs.js';
import { LambdaJobInvoker } from '../adapters/lambda-job-invoker.js';
import { DynamoMetricsStore, DynamoPolicyStore } from '../adapters/metrics-store.js';
import { DynamoPortRepository } from '../adapters/port-repository.js';
import { DynamoReferralRepository } from '../adapters/referral-repository.js';
import { S3ObjectStore } from '../adapters/s3-object-store.js';
import { S3ReportStore } from '../adapters/s3-report-store.js';
import { S3UploadUrls } from '../adapters/s3-upload-urls.js';
import { SfnSurgeLauncher } from '../adapters/sfn-surge-launcher.js';
import { SfnWaitingWorkflows } from '../adapters/sfn-waiting-workflows.js';
import { DynamoSurgeRepository } from '../adapters/surge-repository.js';
import type { StandingsDeps } from '../compliance/interfaces.js';
import type { PortRegistry } from '../domain/ports.js';
import type { UploadDeps } from '../ingest/uploads.js';
import type { JobRuns } from '../jobs/interfaces.js';
import type { StartJobDeps } from '../jobs/job-runs.js';
import type { MetricsStore } from '../metrics/interfaces.js';
import type { PolicyStore } from '../policy/interfaces.js';
import { ReferralAnswers } from '../referrals/answers.js';
import type { ReferralRepository } from '../referrals/interfaces.js';
import type { ReportStore } from '../reports/interfaces.js';
import { loadConfig } from '../shared/config.js';
import { createDynamoDb } from '../shared/dynamodb-client.js';
import { FUNCTION_ENV } from '../shared/function-env.js';
import { createLambda } from '../shared/lambda-client.js';
import { createS3 } from '../shared/s3-client.js';
import { createSfn } from '../shared/sfn-client.js';
import type { SurgeLauncher, SurgeRepository } from '../surges/interfaces.js';
import { ComplianceCache, ReferenceData } from './caches.js';

export interface ApiDeps {
  ports: { registry(): Promise<PortRegistry> };
  /** Uploads through the API: the address to PUT a batch to, its state, a port's latest. */
  uploading: UploadDeps;
  referrals: Pick<ReferralRepository, 'get' | 'list' | 'audit' | 'openedBetween'>;
  answers: Pick<ReferralAnswers, 'answer'>;
  /** The daily figures, the policy and the registry: what GET /metrics, /compliance and the what-if read. */
  figures: StandingsDeps;
  /** Jobs started on request: queued here, run by the jobs function. */
  jobs: StartJobDeps & { runs: Pick<JobRuns, 'queue' | 'markFailed' | 'get'> };
  policies: Pick<PolicyStore, 'put' | 'history'>;
  surges: Pick<SurgeRepository, 'create' | 'get' | 'byStatus' | 'historyOf' | 'transition'>;
  launcher: Pick<SurgeLauncher, 'start' | 'stop' | 'executionArnOf'>;
  complianceCache: ComplianceCache;
  referenceData: ReferenceData;
  metricsVersion: Pick<MetricsStore, 'computedAt'>;
  reports: ReportStore;
}

export function createApiDeps(): ApiDeps {
  const config = loadConfig(FUNCTION_ENV.api);
  const db = createDynamoDb(config);
  const sfn = createSfn(config);
  const s3 = createS3(config);
  const referrals = new DynamoReferralRepository(db, config.REFERRALS_TABLE);
  const ports = new DynamoPortRepository(db, config.CONTROL_TABLE);
  const metrics = new DynamoMetricsStore(db, config.METRICS_TABLE);
  return {
    ports,
    uploading: {
      ports: () => ports.registry(),
      uploads: new DynamoUploadRegistry(db, config.CONTROL_TABLE),
      objects: new S3ObjectStore(s3, config.UPLOADS_BUCKET),
      uploadUrls: new S3UploadUrls(s3, config.UPLOADS_BUCKET),
      newId: randomUUID,
      now: () => new Date(),
    },
    referrals,
    answers: new ReferralAnswers(referrals, new SfnWaitingWorkflows(sfn)),
    figures: { metrics, policy: new DynamoPolicyStore(db, config.CONTROL_TABLE), ports: () => ports.registry() },
    jobs: {
      runs: new DynamoJobRuns(db, config.CONTROL_TABLE),
      invoker: new LambdaJobInvoker(createLambda(config), config.JOBS_FUNCTION_NAME),
      newId: () => `job-${randomUUID()}`,
      now: () => new Date(),
    },
    policies: new DynamoPolicyStore(db, config.CONTROL_TABLE),
    surges: new DynamoSurgeRepository(db, config.OPERATIONS_TABLE),
    launcher: new SfnSurgeLauncher(sfn, config.SURGE_STATE_MACHINE_ARN),
    complianceCache: new ComplianceCache(),
    referenceData: new ReferenceData(),
    metricsVersion: metrics,
    reports: new S3ReportStore(s3, config.REPORTS_BUCKET),
  };
}
