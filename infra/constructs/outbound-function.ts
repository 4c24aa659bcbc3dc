// The house Lambda construct: every function's defaults, and bind… helpers that set an environment variable and
// its grant in one call.
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, type IFunction, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { type LambdaFunctionName, lambdaFunction } from '../../functions/shared/lambda-functions.js';
import type { TableSpec } from '../../functions/shared/tables.js';
import {
  BUNDLE_OPTIONS,
  RUNTIME_MODULES,
  SEPARATE_MODULES,
  START_MODULE,
  startFileCommand,
} from '../function-bundles.js';

/** The CDK's name for each esbuild format `BUNDLE_OPTIONS` may state (its enum does not take the plain string). */
const OUTPUT_FORMATS = { cjs: OutputFormat.CJS, esm: OutputFormat.ESM } as const;

/** Tables whose items are never deleted or replaced wholesale: the stored records and the referral audit trails. */
const APPEND_ONLY: ReadonlySet<TableSpec['id']> = new Set(['records', 'referrals']);

export type Access = 'read' | 'write' | 'readWrite';

/** The absolute path of a function's handler module (functions/shared/lambda-functions.ts lists them). */
function entryOf(name: LambdaFunctionName): string {
  return fileURLToPath(new URL(`../../${lambdaFunction(name).entry}`, import.meta.url));
}

export interface OutboundFunctionProps {
  /** Which of the system's functions (its handler, and the modules built beside its bundle: infra/function-bundles.ts). */
  handler: LambdaFunctionName;
  description: string;
  /** Key that encrypts the function's log group. */
  logKey: IKey;
  memorySize?: number;
  timeout?: Duration;
  environment?: Record<string, string>;
  /** Where failed asynchronous invocations go; only functions invoked asynchronously have one. */
  deadLetterQueue?: IQueue;
  /** How long the function's logs are kept (one year unless said). */
  logRetention?: RetentionDays;
  /** Files read at run time (absolute paths), copied beside the bundle under their base names. */
  files?: readonly string[];
}

export class OutboundFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: OutboundFunctionProps) {
    super(scope, id);
    const separateModules = Object.entries(SEPARATE_MODULES[props.handler]);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_YEAR,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.logGroup = logGroup;
    // the function's own role, with no AWS-managed policy: it may write to its own log group and nothing else
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Outbound ${id}: ${props.description}`.slice(0, 1000),
    });
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    this.fn = new NodejsFunction(this, 'Function', {
      entry: entryOf(props.handler),
      // the start file beside the bundle (`index.js`) loads the SDK packages, then the bundle
      handler: `${START_MODULE}.handler`,
      description: props.description,
      role: this.role,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      // no `--enable-source-maps`: Node then reads and parses the bundle's source map (0.6–0.8 MB) as it loads it,
      // 25–35 ms of every cold start (docs/performance.md); the map ships beside the bundle to read a stack with
      environment: {
        POWERTOOLS_SERVICE_NAME: `outbound-${id.toLowerCase()}`,
        ...props.environment,
      },
      bundling: {
        // CommonJS: the runtime's AWS SDK is CommonJS, and an ES module importing it pays for Node's CommonJS
        // export detection on every SDK file, which doubled the cold start (docs/performance.md, init)
        ...BUNDLE_OPTIONS,
        format: OUTPUT_FORMATS[BUNDLE_OPTIONS.format],
        sourceMap: true,
        mainFields: [...BUNDLE_OPTIONS.mainFields],
        externalModules: [...RUNTIME_MODULES, ...separateModules.map(([specifier]) => specifier)],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (input: string, output: string) => [
            startFileCommand(props.handler, output),
            ...(props.files ?? []).map((file) => `cp "${file}" "${output}/${basename(file)}"`),
            ...separateModules.map(([specifier, entry]) =>
              [
                `"${input}/node_modules/.bin/esbuild" "${input}/${entry}" --bundle --platform=node`,
                `--format=${BUNDLE_OPTIONS.format} --target=${BUNDLE_OPTIONS.target}`,
                `--main-fields=${BUNDLE_OPTIONS.mainFields.join(',')} --minify --sourcemap`,
                RUNTIME_MODULES.map((m) => `--external:${m}`).join(' '),
                `--outfile="${output}/${basename(specifier)}"`,
              ].join(' '),
            ),
          ],
        },
      },
    });
    Validations.of(this.role).acknowledge(
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
    Validations.of(this.fn).acknowledge(
      {
        id: 'NIST.800.53.R5-LambdaInsideVPC',
        reason:
          'The function reaches only AWS service endpoints with IAM-authenticated, TLS-encrypted calls; there is no private network resource to place it beside.',
      },
      {
        id: 'NIST.800.53.R5-LambdaConcurrency',
        reason:
          'Concurrency is bounded by its event source (the ingest queue’s maximum concurrency, the API stage’s throttling, the schedules, the workflows’ executions); a reserved limit would take capacity from the account pool.',
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

  /**
   * Grants exactly the item actions and the table's own indexes (no wildcard), and sets the table's variable. No
   * function may delete an item; on the append-only tables not even through BatchWriteItem (which can delete).
   */
  bindTable(table: ITable, spec: TableSpec, access: Access): this {
    const read = [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DescribeTable',
    ];
    const write = [
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      ...(APPEND_ONLY.has(spec.id) ? [] : ['dynamodb:BatchWriteItem']),
    ];
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
        Validations.of(this.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${arnName}/${prefix}*]`,
          reason: `Objects are named per upload or report; the grant is limited to the ${prefix} prefix of this one bucket.`,
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
    /** The variable naming the state machine, for a function that starts or reads it; none to answer task tokens. */
    envVar: string | undefined,
    actions: { start?: boolean; read?: boolean; taskResponse?: boolean },
    executionKey: IKey,
  ): this {
    if (actions.start) machine.grantStartExecution(this.fn);
    if (actions.read) machine.grantRead(this.fn);
    if (actions.taskResponse) machine.grantTaskResponse(this.fn);
    this.fn.addToRolePolicy(
      new PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [executionKey.keyArn] }),
    );
    return envVar ? this.env(envVar, machine.stateMachineArn) : this;
  }
}
