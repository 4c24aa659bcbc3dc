// Pulse-and-surge operations: the Standard workflow that runs them, and the function that runs its steps.
import { Duration } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { tableSpec } from '../../functions/shared/tables.js';
import type { DataStore } from './data-store.js';
import type { Mail } from './mail.js';
import { TaskWorkflow } from './referral-workflow.js';

export interface SurgeWorkflowProps {
  data: DataStore;
  logKey: IKey;
  mail: Mail;
}

export class SurgeWorkflow extends TaskWorkflow {
  constructor(scope: Construct, id: string, props: SurgeWorkflowProps) {
    super(scope, id, {
      ...props,
      dataKey: props.data.key,
      handler: 'surge-tasks',
      definition: new URL('../../workflows/surge.asl.json', import.meta.url),
      functionArnPlaceholder: 'SurgeTaskFunctionArn',
      description: 'Outbound surge workflow steps: select, notify, open, close, measure',
      timeout: Duration.minutes(2),
    });
    this.tasks
      .bindTable(props.data.tables.operations, tableSpec('operations'), 'readWrite')
      .bindTable(props.data.tables.metrics, tableSpec('metrics'), 'read')
      .bindTable(props.data.tables.records, tableSpec('records'), 'read')
      .bindTable(props.data.tables.control, tableSpec('control'), 'read');
  }
}
