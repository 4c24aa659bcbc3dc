// Field uploads: the uploads bucket's Object Created events → a queue (with its dead-letter queue) → the ingest function.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { type IRule, type IRuleTarget, Rule, type RuleTargetConfig } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { INCOMING_PREFIX, QUARANTINE_PREFIX, RECEIPTS_PREFIX } from '../../functions/domain/uploads/key.js';
import { INGEST_MAX_RECEIVES, INGEST_VISIBILITY_TIMEOUT_SECONDS } from '../../functions/shared/ingest-queue.js';
import { tableSpec } from '../../functions/shared/tables.js';
import type { DataStore } from './data-store.js';
import { OutboundFunction } from './outbound-function.js';

export interface IngestProps {
  data: DataStore;
  logKey: IKey;
  /** How long a referral waits for a decision and for the agency before escalating (the workflow's SLAs). */
  referralSla: { decisionSeconds: number; agencySeconds: number };
}

/**
 * Delivers a rule's events to a queue, and lets EventBridge send to the queue (and its dead-letter queue) for that
 * rule only: CDK's SqsQueue target grants an encrypted queue to EventBridge with no source condition.
 */
class RuleOnlyQueueTarget implements IRuleTarget {
  constructor(
    private readonly queue: Queue,
    private readonly deadLetterQueue: Queue,
    private readonly retryAttempts: number,
  ) {}

  bind(rule: IRule): RuleTargetConfig {
    for (const queue of [this.queue, this.deadLetterQueue]) {
      queue.addToResourcePolicy(
        new PolicyStatement({
          principals: [new ServicePrincipal('events.amazonaws.com')],
          actions: ['sqs:SendMessage'],
          resources: [queue.queueArn],
          conditions: { ArnEquals: { 'aws:SourceArn': rule.ruleArn } },
        }),
      );
    }
    return {
      arn: this.queue.queueArn,
      deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
      retryPolicy: { maximumRetryAttempts: this.retryAttempts },
    };
  }
}

export class Ingest extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly handler: OutboundFunction;
  readonly alerts: Topic;

  constructor(scope: Construct, id: string, props: IngestProps) {
    super(scope, id);
    const { data } = props;

    const queueKey = new Key(this, 'QueueKey', {
      description: 'Outbound: encrypts the upload queues and operator alerts',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // EventBridge and CloudWatch put messages into the encrypted queue and topic
    queueKey.grant(new ServicePrincipal('events.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey');
    queueKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey');

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: queueKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge(
      { id: 'AwsSolutions-SQS3', reason: 'This is the dead-letter queue itself.' },
      { id: 'Serverless-SQSRedrivePolicy', reason: 'This is the dead-letter queue itself: nothing follows it.' },
    );

    this.queue = new Queue(this, 'Uploads', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: queueKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(4),
      visibilityTimeout: Duration.seconds(INGEST_VISIBILITY_TIMEOUT_SECONDS),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: INGEST_MAX_RECEIVES },
    });

    new Rule(this, 'UploadCreated', {
      description: 'An upload landed under incoming/ in the uploads bucket',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [data.uploadsBucket.bucketName] }, object: { key: [{ prefix: INCOMING_PREFIX }] } },
      },
      // an event EventBridge cannot deliver after its retries is kept in the same dead-letter queue
      targets: [new RuleOnlyQueueTarget(this.queue, this.deadLetterQueue, 185)],
    });

    this.handler = new OutboundFunction(this, 'Handler', {
      handler: 'ingest',
      description: 'Outbound ingest: validates and stores field uploads exactly once, writes receipts',
      logKey: props.logKey,
      memorySize: 1024,
      timeout: Duration.minutes(5),
    });
    this.handler.fn.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 5, reportBatchItemFailures: true, maxConcurrency: 20 }),
    );
    const mapping = this.handler.fn.node.children.find((child) => child.node.id.startsWith('SqsEventSource'));
    if (mapping)
      Validations.of(mapping).acknowledge({
        id: 'Serverless-LambdaEventSourceMappingDestination',
        reason:
          'An SQS event source takes no on-failure destination; a message that keeps failing goes to the queue’s dead-letter queue after INGEST_MAX_RECEIVES receives, and an alarm tells the operators.',
      });
    this.handler
      .bindTable(data.tables.records, tableSpec('records'), 'readWrite')
      .bindTable(data.tables.control, tableSpec('control'), 'readWrite')
      .bindBucket(data.uploadsBucket, 'UPLOADS_BUCKET', {
        read: [INCOMING_PREFIX],
        write: [RECEIPTS_PREFIX, QUARANTINE_PREFIX],
      });
    this.handler.fn.addEnvironment('REFERRAL_DECISION_SLA_SECONDS', String(props.referralSla.decisionSeconds));
    this.handler.fn.addEnvironment('REFERRAL_AGENCY_SLA_SECONDS', String(props.referralSla.agencySeconds));

    this.alerts = new Topic(this, 'OperatorAlerts', {
      displayName: 'Outbound operator alerts',
      masterKey: queueKey,
      enforceSSL: true,
    });
    const alarm = new Alarm(this, 'DeadLettersAlarm', {
      alarmDescription:
        'Uploads could not be processed after retries and wait in the dead-letter queue (each message names its object).',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.alerts));
  }
}
