import { type CfnElement, Lazy, RemovalPolicy, Stack, type StackProps, Token, Validations } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { DEFAULT_AGENCY_SLA_SECONDS, DEFAULT_DECISION_SLA_SECONDS } from '../../functions/domain/referrals.js';
import { tableSpec } from '../../functions/shared/tables.js';
import { Api } from '../constructs/api.js';
import { DataStore, DEFAULT_UPLOAD_RETENTION } from '../constructs/data-store.js';
import { Ingest } from '../constructs/ingest.js';
import { Mail } from '../constructs/mail.js';
import { Monitoring } from '../constructs/monitoring.js';
import { ReferralWorkflow } from '../constructs/referral-workflow.js';
import { bindReportReading, Reporting } from '../constructs/reporting.js';
import { SurgeWorkflow } from '../constructs/surge-workflow.js';
import { WebHosting } from '../constructs/web-hosting.js';

/**
 * The whole system in one stack: the stateful resources apart in DataStore (retained, deletion-protected), then one
 * construct per capability. One stack keeps every grant a same-stack reference, so each IAM finding can be named.
 */
export class OutboundStack extends Stack {
  readonly data: DataStore;
  readonly api: Api;
  readonly ingest: Ingest;
  readonly referrals: ReferralWorkflow;
  readonly reporting: Reporting;
  readonly surges: SurgeWorkflow;
  readonly mail: Mail;
  readonly monitoring: Monitoring;
  readonly web: WebHosting;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    const retentionDays = this.node.tryGetContext('uploadRetentionDays');
    const retentionMode = this.node.tryGetContext('uploadRetentionMode');
    this.data = new DataStore(this, 'Store', {
      uploadRetention: {
        days: retentionDays === undefined ? DEFAULT_UPLOAD_RETENTION.days : Number(retentionDays),
        mode: retentionMode ?? DEFAULT_UPLOAD_RETENTION.mode,
      },
    });
    const logKey = new Key(this, 'LogKey', {
      description: 'Outbound: encrypts the log groups',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    logKey.grantEncryptDecrypt(new ServicePrincipal(`logs.${this.region}.amazonaws.com`));

    // the web apps' address: the CloudFront distribution's domain, or a custom domain with its certificate
    // (`-c webOrigin=https://… -c webCertificateArn=arn:aws:acm:us-east-1:…`)
    const customOrigin: string | undefined = this.node.tryGetContext('webOrigin');
    const certificateArn: string | undefined = this.node.tryGetContext('webCertificateArn');
    if (customOrigin && !certificateArn)
      throw new Error('webOrigin needs webCertificateArn: an ACM certificate in us-east-1 for that domain');
    let web: WebHosting | undefined;
    this.api = new Api(this, 'Api', {
      logKey,
      webOrigin:
        customOrigin ??
        Lazy.string({
          produce: () => {
            if (!web) throw new Error('the web hosting was never created');
            return web.origin;
          },
        }),
      signInDomainPrefix: this.node.tryGetContext('signInDomainPrefix') ?? 'outbound-sign-in',
    });
    web = new WebHosting(this, 'Web', {
      api: this.api,
      uploadsBucket: this.data.uploadsBucket,
      accessLogs: this.data.accessLogsBucket,
      logKey,
      ...(customOrigin && certificateArn ? { customDomain: { origin: customOrigin, certificateArn } } : {}),
    });
    this.web = web;
    const mail = new Mail(this, 'Mail', {
      domain: this.node.tryGetContext('mailDomain') ?? 'outbound.example.gov',
      from: this.node.tryGetContext('mailFrom') ?? 'outbound-noreply@outbound.example.gov',
      hq: this.node.tryGetContext('hqEmail') ?? 'outbound-hq@outbound.example.gov',
    });
    this.mail = mail;
    const seconds = (name: string, fallback: number) => {
      const value = Number(this.node.tryGetContext(name) ?? fallback);
      if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of seconds ≥ 1`);
      return value;
    };
    this.referrals = new ReferralWorkflow(this, 'Referrals', {
      data: this.data,
      logKey,
      mail,
      publicApiUrl: this.api.httpApi.apiEndpoint,
      consoleUrl: this.web.origin,
    });
    this.ingest = new Ingest(this, 'Ingest', {
      data: this.data,
      logKey,
      referralSla: {
        decisionSeconds: seconds('referralDecisionSlaSeconds', DEFAULT_DECISION_SLA_SECONDS),
        agencySeconds: seconds('referralAgencySlaSeconds', DEFAULT_AGENCY_SLA_SECONDS),
      },
    });
    this.reporting = new Reporting(this, 'Reporting', { data: this.data, logKey, mail });
    this.surges = new SurgeWorkflow(this, 'Surges', { data: this.data, logKey, mail });
    this.api.handler.bindStateMachine(
      this.surges.stateMachine,
      'SURGE_STATE_MACHINE_ARN',
      { start: true },
      this.data.key,
    );
    // the daily compliance check may schedule a pulse (policy switch autoPulse)
    this.reporting.jobs.bindStateMachine(
      this.surges.stateMachine,
      'SURGE_STATE_MACHINE_ARN',
      { start: true },
      this.data.key,
    );
    this.surges.stateMachine.grantExecution(this.api.handler.fn, 'states:StopExecution');
    const machineId = this.resolve((this.surges.stateMachine.node.defaultChild as CfnElement).logicalId);
    Validations.of(this.api.handler.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:${Token.isUnresolved(this.partition) ? '<AWS::Partition>' : this.partition}:states:${this.region}:${this.account}:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${machineId}"}]}]}:*]`,
      reason:
        'Cancelling an operation stops its execution; executions are named per operation, so the grant covers this state machine’s executions only.',
    });
    // what the routes read and write; the jobs run in the jobs function, which the API only starts
    this.api.handler
      .bindTable(this.data.tables.metrics, tableSpec('metrics'), 'read')
      .bindTable(this.data.tables.control, tableSpec('control'), 'readWrite')
      .bindTable(this.data.tables.referrals, tableSpec('referrals'), 'readWrite')
      .bindTable(this.data.tables.operations, tableSpec('operations'), 'readWrite')
      .bindInvoke(this.reporting.jobs.fn, 'JOBS_FUNCTION_NAME');
    bindReportReading(this.api.handler, this.data);
    this.ingest.handler.bindStateMachine(
      this.referrals.stateMachine,
      'REFERRAL_STATE_MACHINE_ARN',
      { start: true },
      this.data.key,
    );

    this.api.handler
      .bindBucket(this.data.uploadsBucket, 'UPLOADS_BUCKET', { read: ['incoming/', 'receipts/'], write: ['incoming/'] })
      .bindStateMachine(this.referrals.stateMachine, undefined, { taskResponse: true }, this.data.key);

    this.monitoring = new Monitoring(this, 'Monitoring', {
      alerts: this.ingest.alerts,
      functions: {
        Api: this.api.handler,
        Ingest: this.ingest.handler,
        ReferralTasks: this.referrals.tasks,
        SurgeTasks: this.surges.tasks,
        Jobs: this.reporting.jobs,
      },
      stateMachines: { Referral: this.referrals.stateMachine, Surge: this.surges.stateMachine },
      api: this.api.httpApi,
      ingestQueue: this.ingest.queue,
      ingest: this.ingest.handler,
    });
  }
}
