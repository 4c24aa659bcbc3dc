// The stateful resources: the encryption key, the buckets and the tables. Nothing here is ever deleted by a deploy.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectLockRetention,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TABLE_SPECS, type TableSpec } from '../../functions/shared/tables.js';

export type TableId = TableSpec['id'];

/** How long raw uploads (every version) are kept beyond deletion or overwrite, and by which Object Lock mode. */
export interface UploadRetention {
  days: number;
  /** GOVERNANCE: users with s3:BypassGovernanceRetention may lift it; COMPLIANCE: nobody can, not even root. */
  mode: 'GOVERNANCE' | 'COMPLIANCE';
}

export const DEFAULT_UPLOAD_RETENTION: UploadRetention = { days: 7 * 365, mode: 'GOVERNANCE' };

export interface DataStoreProps {
  uploadRetention?: UploadRetention;
}

export class DataStore extends Construct {
  readonly key: Key;
  readonly uploadsBucket: Bucket;
  readonly reportsBucket: Bucket;
  readonly accessLogsBucket: Bucket;
  readonly tables: Record<TableId, Table>;

  readonly uploadRetention: UploadRetention;

  constructor(scope: Construct, id: string, props: DataStoreProps = {}) {
    super(scope, id);
    this.uploadRetention = props.uploadRetention ?? DEFAULT_UPLOAD_RETENTION;
    if (!Number.isInteger(this.uploadRetention.days) || this.uploadRetention.days < 1)
      throw new Error(`uploadRetentionDays must be a whole number of days ≥ 1, not ${this.uploadRetention.days}`);
    if (!['GOVERNANCE', 'COMPLIANCE'].includes(this.uploadRetention.mode))
      throw new Error(`uploadRetentionMode must be GOVERNANCE or COMPLIANCE, not ${this.uploadRetention.mode}`);

    this.key = new Key(this, 'DataKey', {
      description: 'Outbound: encrypts the uploads, reports and tables',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.accessLogsBucket = new Bucket(this, 'AccessLogs', {
      // S3 server access logging delivers only to buckets encrypted with S3-managed keys.
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(400), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogsBucket).acknowledge(
      { id: 'AwsSolutions-S1', reason: 'This is the access-log bucket itself; logging it into itself would loop.' },
      {
        id: 'NIST.800.53.R5-S3BucketLoggingEnabled',
        reason: 'This is the access-log bucket itself; logging it into itself would loop.',
      },
      {
        id: 'NIST.800.53.R5-S3DefaultEncryptionKMS',
        reason: 'S3 server access logs can only be delivered to a bucket with SSE-S3 encryption.',
      },
      {
        id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
        reason: 'Access logs are kept 400 days in-region; replication is not required for them.',
      },
    );

    const retention = Duration.days(this.uploadRetention.days);
    const bucket = (name: string, logPrefix: string, eventBridge: boolean, lock: boolean) => {
      const created = new Bucket(this, name, {
        ...(lock
          ? {
              objectLockEnabled: true,
              objectLockDefaultRetention:
                this.uploadRetention.mode === 'COMPLIANCE'
                  ? ObjectLockRetention.compliance(retention)
                  : ObjectLockRetention.governance(retention),
            }
          : {}),
        encryption: BucketEncryption.KMS,
        encryptionKey: this.key,
        bucketKeyEnabled: true,
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        versioned: true,
        serverAccessLogsBucket: this.accessLogsBucket,
        serverAccessLogsPrefix: logPrefix,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      // S3 → EventBridge set on the bucket itself, not through CDK's notification custom resource (a Lambda whose
      // role would carry the AWS-managed basic execution policy)
      if (eventBridge)
        (created.node.defaultChild as CfnBucket).notificationConfiguration = {
          eventBridgeConfiguration: { eventBridgeEnabled: true },
        };
      Validations.of(created).acknowledge({
        id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
        reason:
          'Versioning, retention and KMS protect the data in-region; cross-region replication is a deployment choice of the agency, not part of this stack.',
      });
      return created;
    };
    this.uploadsBucket = bucket('Uploads', 'uploads/', true, true);
    this.reportsBucket = bucket('Reports', 'reports/', false, false);

    this.tables = Object.fromEntries(TABLE_SPECS.map((spec) => [spec.id, this.table(spec)])) as Record<TableId, Table>;
  }

  private table(spec: TableSpec): Table {
    const table = new Table(this, `${spec.id.charAt(0).toUpperCase()}${spec.id.slice(1)}Table`, {
      partitionKey: { name: spec.partitionKey, type: AttributeType.STRING },
      sortKey: { name: spec.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of spec.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }
    Validations.of(table).acknowledge({
      id: 'NIST.800.53.R5-DynamoDBInBackupPlan',
      reason:
        'Point-in-time recovery (35 days) is enabled on every table; an AWS Backup plan is an account-level choice left to the agency.',
    });
    return table;
  }
}
