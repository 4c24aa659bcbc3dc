import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { DataStore } from '../constructs/data-store.js';

/** The stateful half of the system, deployed apart so the service stack can be replaced freely. */
export class DataStack extends Stack {
  readonly store: DataStore;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.store = new DataStore(this, 'Store');
  }
}
