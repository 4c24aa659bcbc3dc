// Composes the CDK app: the Outbound stack and the cdk-nag packs that check it.
import { App, type Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks, ServerlessChecks } from 'cdk-nag';
import { OutboundStack } from './stacks/outbound-stack.js';

export interface OutboundApp {
  app: App;
  stack: OutboundStack;
}

export function buildApp(app: App = new App()): OutboundApp {
  const env: Environment = {
    account: app.node.tryGetContext('account') ?? process.env.CDK_DEFAULT_ACCOUNT,
    region: app.node.tryGetContext('region') ?? process.env.CDK_DEFAULT_REGION ?? 'us-east-1',
  };
  const stack = new OutboundStack(app, 'Outbound', { env, description: 'Outbound inspection program' });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app), new NIST80053R5Checks(app));
  return { app, stack };
}
