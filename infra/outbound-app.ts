// Composes the CDK app: the data stack, the service stack, and the cdk-nag packs that check them.
import { App, type Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { DataStack } from './stacks/data-stack.js';
import { ServiceStack } from './stacks/service-stack.js';

export interface OutboundApp {
  app: App;
  data: DataStack;
  service: ServiceStack;
}

export function buildApp(app: App = new App()): OutboundApp {
  if (app.node.tryGetContext('@aws-cdk/core:defaultCrossStackReferences') === undefined) {
    app.node.setContext('@aws-cdk/core:defaultCrossStackReferences', 'strong');
  }
  const env: Environment = {
    account: app.node.tryGetContext('account') ?? process.env.CDK_DEFAULT_ACCOUNT,
    region: app.node.tryGetContext('region') ?? process.env.CDK_DEFAULT_REGION ?? 'us-east-1',
  };
  const data = new DataStack(app, 'OutboundData', { env, description: 'Outbound: keys, buckets and tables' });
  const service = new ServiceStack(app, 'OutboundService', {
    env,
    data: data.store,
    description: 'Outbound: functions, workflows, API',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app));
  return { app, data, service };
}
