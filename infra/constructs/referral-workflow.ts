// Referrals: the Standard workflow from seizure to investigating agency, and the function that runs its steps.
import { fileURLToPath } from 'node:url';
import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  CustomerManagedEncryptionConfiguration,
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { LambdaFunctionName } from '../../functions/shared/lambda-functions.js';
import { tableSpec } from '../../functions/shared/tables.js';
import type { DataStore } from './data-store.js';
import type { Mail } from './mail.js';
import { OutboundFunction } from './outbound-function.js';

/**
 * Runs a workflow file's tasks on `task`, its execution data encrypted with the data key, with tracing. It logs only
 * errors, and never the execution data (names, free text and task tokens live there), to an encrypted log group.
 */
export function workflowStateMachine(
  scope: Construct,
  id: string,
  file: URL,
  substitutions: Record<string, string>,
  keys: { logKey: IKey; dataKey: IKey },
  tasks: OutboundFunction[],
): StateMachine {
  const logs = new LogGroup(scope, `${id}Logs`, {
    retention: RetentionDays.ONE_YEAR,
    encryptionKey: keys.logKey,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const machine = new StateMachine(scope, id, {
    encryptionConfiguration: new CustomerManagedEncryptionConfiguration(keys.dataKey),
    stateMachineType: StateMachineType.STANDARD,
    definitionBody: DefinitionBody.fromFile(fileURLToPath(file)),
    definitionSubstitutions: substitutions,
    logs: { destination: logs, level: LogLevel.ERROR, includeExecutionData: false },
    tracingEnabled: true,
  });
  const stack = Stack.of(scope);
  for (const task of tasks) {
    task.fn.grantInvoke(machine);
    const name = `<${stack.resolve((task.fn.node.defaultChild as CfnElement).logicalId)}.Arn>:*`;
    Validations.of(machine).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${name}]`,
      reason: 'Invoking the task function’s versions and aliases; the grant names the one function.',
    });
  }
  Validations.of(machine).acknowledge({
    id: 'AwsSolutions-SF1',
    reason:
      'The state machine logs errors only, without execution data: that data holds names, free text and task tokens. Each referral step is in its audit trail in DynamoDB, each operation step in its history, and Step Functions keeps every execution history for 90 days.',
  });
  Validations.of(machine).acknowledge({
    id: 'NIST.800.53.R5-IAMNoInlinePolicy',
    reason:
      'The state machine has its own role; its policy is generated from the grants above and lives and dies with it.',
  });
  Validations.of(machine).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'CloudWatch Logs delivery (logs:CreateLogDelivery and related) and X-Ray accept no resource-level restriction.',
  });
  return machine;
}

export interface TaskWorkflowProps {
  logKey: IKey;
  /** Encrypts the executions' data (inputs, outputs, task payloads). */
  dataKey: IKey;
  mail: Mail;
  /** The task Lambda (functions/shared/lambda-functions.ts); the workflow file, relative to this file's folder. */
  handler: LambdaFunctionName;
  definition: URL;
  /** The definition's placeholder for the task function's ARN. */
  functionArnPlaceholder: string;
  description: string;
  timeout: Duration;
}

/** A Standard workflow whose steps run on one task function that may send email. */
export class TaskWorkflow extends Construct {
  readonly tasks: OutboundFunction;
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: TaskWorkflowProps) {
    super(scope, id);
    this.tasks = new OutboundFunction(this, 'Tasks', {
      handler: props.handler,
      description: props.description,
      logKey: props.logKey,
      timeout: props.timeout,
    });
    props.mail.bindSender(this.tasks);
    this.stateMachine = workflowStateMachine(
      this,
      'StateMachine',
      props.definition,
      { [props.functionArnPlaceholder]: this.tasks.fn.functionArn },
      { logKey: props.logKey, dataKey: props.dataKey },
      [this.tasks],
    );
  }
}

export interface ReferralWorkflowProps {
  data: DataStore;
  logKey: IKey;
  mail: Mail;
  /** The API address the referral emails print. */
  publicApiUrl: string;
  /** The console's origin: the referral emails link to a referral's page there. */
  consoleUrl: string;
}

export class ReferralWorkflow extends TaskWorkflow {
  constructor(scope: Construct, id: string, props: ReferralWorkflowProps) {
    super(scope, id, {
      ...props,
      dataKey: props.data.key,
      handler: 'referral-tasks',
      definition: new URL('../../workflows/referral.asl.json', import.meta.url),
      functionArnPlaceholder: 'ReferralTaskFunctionArn',
      description: 'Outbound referral workflow steps: create, wait, escalate, record, route, notify',
      timeout: Duration.seconds(30),
    });
    this.tasks
      .bindTable(props.data.tables.referrals, tableSpec('referrals'), 'readWrite')
      .bindTable(props.data.tables.records, tableSpec('records'), 'read')
      .bindTable(props.data.tables.control, tableSpec('control'), 'read');
    this.tasks.fn.addEnvironment('PUBLIC_API_URL', props.publicApiUrl);
    this.tasks.fn.addEnvironment('CONSOLE_URL', props.consoleUrl);
  }
}
