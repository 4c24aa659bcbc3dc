import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { tableSpec } from '../../functions/shared/tables.js';
import { Api } from '../constructs/api.js';
import type { DataStore } from '../constructs/data-store.js';

export interface ServiceStackProps extends StackProps {
  data: DataStore;
}

/** The stateless half: functions, workflows, schedules and the API, one construct per capability. */
export class ServiceStack extends Stack {
  readonly api: Api;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const logKey = new Key(this, 'LogKey', {
      description: 'Outbound: encrypts the log groups',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    logKey.grantEncryptDecrypt(new ServicePrincipal(`logs.${this.region}.amazonaws.com`));

    this.api = new Api(this, 'Api', { logKey });
    this.api.handler.bindTable(props.data.tables.control, tableSpec('control'), 'read');
  }
}
