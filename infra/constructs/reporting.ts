// Metrics, compliance and the weekly report: one jobs function, run by EventBridge Scheduler on the shared cron list.
import { createRequire } from 'node:module';
import { Duration, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CHART_ASSETS } from '../../functions/reports/chart-assets.js';
import { REPORT_PREFIXES } from '../../functions/shared/reports.js';
import { SCHEDULES } from '../../functions/shared/schedules.js';
import { tableSpec } from '../../functions/shared/tables.js';
import type { DataStore } from './data-store.js';
import type { Mail } from './mail.js';
import { OutboundFunction } from './outbound-function.js';

/** The charts' run-time files (rasteriser, fonts, state outlines), bundled beside the jobs' code. */
export function chartFiles(): string[] {
  const require = createRequire(import.meta.url);
  return Object.values(CHART_ASSETS).map((asset) => require.resolve(asset));
}

export interface ReportingProps {
  data: DataStore;
  logKey: IKey;
  mail: Mail;
}

/** What running the jobs needs (the API only starts them: it holds none of these). */
function bindReporting(fn: OutboundFunction, data: DataStore, mail: Mail): void {
  fn.bindTable(data.tables.records, tableSpec('records'), 'read')
    .bindTable(data.tables.metrics, tableSpec('metrics'), 'readWrite')
    .bindTable(data.tables.control, tableSpec('control'), 'readWrite')
    .bindTable(data.tables.referrals, tableSpec('referrals'), 'readWrite')
    .bindTable(data.tables.operations, tableSpec('operations'), 'readWrite')
    .bindBucket(data.reportsBucket, 'REPORTS_BUCKET', { write: REPORT_PREFIXES })
    // the receipts name the reasons of refused lines, for the program-integrity figures
    .bindBucket(data.uploadsBucket, 'UPLOADS_BUCKET', { read: ['receipts/'] });
  mail.bindSender(fn);
}

/** `GET /reports`: list the kept reports and sign addresses to read them (s3:ListBucket within their folders). */
export function bindReportReading(fn: OutboundFunction, data: DataStore): void {
  fn.bindBucket(data.reportsBucket, 'REPORTS_BUCKET', { read: REPORT_PREFIXES });
  fn.fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [data.reportsBucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': REPORT_PREFIXES.map((prefix) => `${prefix}*`) } },
    }),
  );
}

export class Reporting extends Construct {
  readonly jobs: OutboundFunction;
  readonly schedules: CfnSchedule[];
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: ReportingProps) {
    super(scope, id);
    // EventBridge Scheduler invokes the jobs asynchronously: a run that fails Lambda's own retries lands here
    this.deadLetters = new Queue(this, 'JobDeadLetters', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.data.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge(
      { id: 'AwsSolutions-SQS3', reason: 'This is a dead-letter queue itself.' },
      { id: 'Serverless-SQSRedrivePolicy', reason: 'This is a dead-letter queue itself: nothing follows it.' },
    );
    this.jobs = new OutboundFunction(this, 'Jobs', {
      deadLetterQueue: this.deadLetters,
      handler: 'jobs',
      description: 'Outbound jobs: nightly metrics, daily compliance, weekly headquarters report',
      logKey: props.logKey,
      memorySize: 1024,
      timeout: Duration.minutes(10),
      files: chartFiles(),
    });
    bindReporting(this.jobs, props.data, props.mail);

    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'EventBridge Scheduler: invoke the Outbound jobs function',
    });
    schedulerRole.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.jobs.fn.functionArn] }),
    );
    // a schedule whose invocation fails after its retries is sent to the same dead-letter queue
    schedulerRole.addToPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetters.queueArn] }),
    );
    schedulerRole.addToPolicy(
      new PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.data.key.keyArn] }),
    );
    Validations.of(schedulerRole).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason:
        'The scheduler role invokes the jobs function and sends failed invocations to their dead-letter queue; it lives and dies with the role.',
    });

    this.schedules = SCHEDULES.map(
      (spec) =>
        new CfnSchedule(this, `Schedule-${spec.name}`, {
          description: spec.description,
          scheduleExpression: spec.expression,
          scheduleExpressionTimezone: spec.timezone,
          flexibleTimeWindow: { mode: 'OFF' },
          target: {
            arn: this.jobs.fn.functionArn,
            roleArn: schedulerRole.roleArn,
            input: JSON.stringify({ job: spec.name }),
            retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
            deadLetterConfig: { arn: this.deadLetters.queueArn },
          },
        }),
    );
  }
}
