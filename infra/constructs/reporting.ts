// Metrics, compliance and the weekly report: one jobs function, run by EventBridge Scheduler on the shared cron list.
import { fileURLToPath } from 'node:url';
import { Duration, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { SCHEDULES } from '../../functions/shared/schedules.js';
import { tableSpec } from '../../functions/shared/tables.js';
import type { DataStore } from './data-store.js';
import { OutboundFunction } from './outbound-function.js';
import { grantSendEmail, type MailSettings } from './referral-workflow.js';

export interface ReportingProps {
  data: DataStore;
  logKey: IKey;
  mail: MailSettings;
}

/** What running the jobs needs; the API gets the same grants for `POST /jobs/{name}`. */
export function bindReporting(fn: OutboundFunction, data: DataStore, mail: MailSettings): void {
  fn.bindTable(data.tables.records, tableSpec('records'), 'read')
    .bindTable(data.tables.metrics, tableSpec('metrics'), 'readWrite')
    .bindTable(data.tables.control, tableSpec('control'), 'readWrite')
    .bindTable(data.tables.referrals, tableSpec('referrals'), 'readWrite')
    .bindTable(data.tables.operations, tableSpec('operations'), 'readWrite')
    .bindBucket(data.reportsBucket, 'REPORTS_BUCKET', { write: ['weekly/'] });
  grantSendEmail(fn, mail);
}

export class Reporting extends Construct {
  readonly jobs: OutboundFunction;
  readonly schedules: CfnSchedule[];

  constructor(scope: Construct, id: string, props: ReportingProps) {
    super(scope, id);
    this.jobs = new OutboundFunction(this, 'Jobs', {
      entry: fileURLToPath(new URL('../../functions/reporting/handler.ts', import.meta.url)),
      description: 'Outbound jobs: nightly metrics, daily compliance, weekly headquarters report',
      logKey: props.logKey,
      memorySize: 1024,
      timeout: Duration.minutes(10),
    });
    bindReporting(this.jobs, props.data, props.mail);

    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'EventBridge Scheduler: invoke the Outbound jobs function',
    });
    schedulerRole.addToPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.jobs.fn.functionArn] }),
    );
    Validations.of(schedulerRole).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason: 'The scheduler role has one statement: invoke the jobs function; it lives and dies with the role.',
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
          },
        }),
    );
  }
}
