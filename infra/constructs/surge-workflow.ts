// Pulse-and-surge operations: the Standard workflow that runs them, and the function that runs its steps.
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { tableSpec } from '../../functions/shared/tables.js';
import type { DataStore } from './data-store.js';
import { OutboundFunction } from './outbound-function.js';
import { grantSendEmail, type MailSettings, workflowStateMachine } from './referral-workflow.js';

export interface SurgeWorkflowProps {
  data: DataStore;
  logKey: IKey;
  mail: MailSettings;
}

export class SurgeWorkflow extends Construct {
  readonly tasks: OutboundFunction;
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: SurgeWorkflowProps) {
    super(scope, id);
    const { data } = props;
    this.tasks = new OutboundFunction(this, 'Tasks', {
      entry: fileURLToPath(new URL('../../functions/surges/handler.ts', import.meta.url)),
      description: 'Outbound surge workflow steps: select, notify, open, close, measure',
      logKey: props.logKey,
      timeout: Duration.minutes(2),
    });
    this.tasks
      .bindTable(data.tables.operations, tableSpec('operations'), 'readWrite')
      .bindTable(data.tables.metrics, tableSpec('metrics'), 'read')
      .bindTable(data.tables.records, tableSpec('records'), 'read')
      .bindTable(data.tables.control, tableSpec('control'), 'read');
    grantSendEmail(this.tasks, props.mail);
    this.stateMachine = workflowStateMachine(
      this,
      'StateMachine',
      new URL('../../workflows/surge.asl.json', import.meta.url),
      { SurgeTaskFunctionArn: this.tasks.fn.functionArn },
      props.logKey,
      [this.tasks],
    );
  }
}
