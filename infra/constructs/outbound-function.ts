// The house Lambda construct: every function's defaults, and bind… helpers that set an environment variable and
// its grant in one call.
import { basename } from 'node:path';
import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, type IFunction, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { TableSpec } from '../../functions/shared/tables.js';

export type Access = 'read' | 'write' | 'readWrite';

export interface OutboundFunctionProps {
  /** Path of the handler module (TypeScript), absolute. */
  entry: string;
  description: string;
  /** Key that encrypts the function's log group. */
  logKey: IKey;
  memorySize?: number;
  timeout?: Duration;
  environment?: Record<string, string>;
  /** Where failed asynchronous invocations go; only functions invoked asynchronously have one. */
  deadLetterQueue?: IQueue;
  /** Files read at run time (absolute paths), copied beside the bundle under their base names. */
  files?: readonly string[];
}

export class OutboundFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: OutboundFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_YEAR,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.fn = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      environment: {
        POWERTOOLS_SERVICE_NAME: `outbound-${id.toLowerCase()}`,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        // CommonJS: the runtime's AWS SDK is CommonJS, and an ES module importing it pays for Node's CommonJS
        // export detection on every SDK file, which doubled the cold start (docs/performance.md, init)
        format: OutputFormat.CJS,
        minify: true,
        sourceMap: true,
        target: 'node24',
        mainFields: ['module', 'main'],
        ...(props.files?.length
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (_input: string, output: string) =>
                  (props.files ?? []).map((file) => `cp "${file}" "${output}/${basename(file)}"`),
              },
            }
          : {}),
      },
    });
    Validations.of(this.fn).acknowledge(
      {
        id: 'NIST.800.53.R5-LambdaInsideVPC',
        reason:
          'The function reaches only AWS service endpoints with IAM-authenticated, TLS-encrypted calls; there is no private network resource to place it beside.',
      },
      {
        id: 'NIST.800.53.R5-LambdaConcurrency',
        reason:
          'Concurrency is bounded by its event source (SQS batch settings, API throttling, schedules); a reserved limit would take capacity from the account pool.',
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'The managed basic execution policy only allows writing this function’s logs.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray PutTraceSegments/PutTelemetryRecords accept no resource-level restriction.',
      },
      {
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason:
          'Each function has its own role; its policy is generated from the bind… grants and lives and dies with that role.',
      },
    );
    if (!props.deadLetterQueue) {
      const notAsync =
        'The function is not invoked asynchronously: API calls are synchronous, queue messages go to the queue’s own dead-letter queue, workflow tasks are retried and caught by the state machine.';
      Validations.of(this.fn).acknowledge(
        { id: 'NIST.800.53.R5-LambdaDLQ', reason: notAsync },
        { id: 'Serverless-LambdaDLQ', reason: notAsync },
      );
    }
  }

  private env(name: string, value: string): this {
    this.fn.addEnvironment(name, value);
    return this;
  }

  /** Grants exactly the item actions and the table's own indexes (no wildcard), and sets the table's variable. */
  bindTable(table: ITable, spec: TableSpec, access: Access): this {
    const read = [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DescribeTable',
    ];
    const write = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
    const actions = access === 'read' ? read : access === 'write' ? write : [...read, ...write];
    const resources = [table.tableArn, ...spec.indexes.map((index) => `${table.tableArn}/index/${index.name}`)];
    this.fn.addToRolePolicy(new PolicyStatement({ actions, resources }));
    if (table.encryptionKey) {
      const keyActions = access === 'read' ? ['kms:Decrypt'] : ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'];
      this.fn.addToRolePolicy(new PolicyStatement({ actions: keyActions, resources: [table.encryptionKey.keyArn] }));
    }
    return this.env(spec.envVar, table.tableName);
  }

  /**
   * Grants object reads and writes under the given key prefixes only (with the bucket key's use), and sets the
   * bucket's variable. Each prefix wildcard is acknowledged by name: it is the narrowest grant S3 allows.
   */
  bindBucket(bucket: IBucket, envVar: string, prefixes: { read?: string[]; write?: string[] }): this {
    const stack = Stack.of(this);
    const arnName = `<${stack.resolve((bucket.node.defaultChild as CfnElement).logicalId)}.Arn>`;
    const statement = (actions: string[], list: string[]) => {
      this.fn.addToRolePolicy(
        new PolicyStatement({ actions, resources: list.map((prefix) => `${bucket.bucketArn}/${prefix}*`) }),
      );
      for (const prefix of list) {
        Validations.of(this.fn).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${arnName}/${prefix}*]`,
          reason: `Objects are named by upload; the grant is limited to the ${prefix} prefix of this one bucket.`,
        });
      }
    };
    if (prefixes.read?.length) statement(['s3:GetObject', 's3:GetObjectVersion'], prefixes.read);
    if (prefixes.write?.length) statement(['s3:PutObject', 's3:AbortMultipartUpload'], prefixes.write);
    if (bucket.encryptionKey) {
      const keyActions = prefixes.write?.length
        ? ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']
        : ['kms:Decrypt'];
      this.fn.addToRolePolicy(new PolicyStatement({ actions: keyActions, resources: [bucket.encryptionKey.keyArn] }));
    }
    return this.env(envVar, bucket.bucketName);
  }

  /** Grants an asynchronous invoke of that one function (no versions or aliases), and sets its name's variable. */
  bindInvoke(target: IFunction, envVar: string): this {
    this.fn.addToRolePolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [target.functionArn] }),
    );
    return this.env(envVar, target.functionName);
  }

  /** Grants the named workflow actions, and the use of the key that encrypts the executions' data. */
  bindStateMachine(
    machine: IStateMachine,
    envVar: string,
    actions: { start?: boolean; read?: boolean; taskResponse?: boolean },
    executionKey: IKey,
  ): this {
    if (actions.start) machine.grantStartExecution(this.fn);
    if (actions.read) machine.grantRead(this.fn);
    if (actions.taskResponse) machine.grantTaskResponse(this.fn);
    this.fn.addToRolePolicy(
      new PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [executionKey.keyArn] }),
    );
    return this.env(envVar, machine.stateMachineArn);
  }
}
