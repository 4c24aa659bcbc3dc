// Outgoing mail: the SES configuration set every mail goes through (delivery only over TLS), and the grant to send.
import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { ConfigurationSet, ConfigurationSetTlsPolicy } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { OutboundFunction } from './outbound-function.js';

export interface MailProps {
  /** The SES identity (domain) mail is sent from, and where the notification addresses live. */
  domain: string;
  from: string;
  hq: string;
}

export class Mail extends Construct {
  readonly configurationSet: ConfigurationSet;

  constructor(
    scope: Construct,
    id: string,
    readonly settings: MailProps,
  ) {
    super(scope, id);
    // referral and report mails carry substances, species, amounts and decline reasons: SES refuses to deliver
    // them to a mail server that cannot take them over TLS
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
    });
  }

  /** Lets a function send from the configured address only, through the configuration set, and tells it how. */
  bindSender(fn: OutboundFunction): void {
    const stack = Stack.of(this);
    const arn = (resource: string) => `arn:${stack.partition}:ses:${stack.region}:${stack.account}:${resource}`;
    fn.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [
          arn(`identity/${this.settings.domain}`),
          arn(`configuration-set/${this.configurationSet.configurationSetName}`),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': this.settings.from } },
      }),
    );
    fn.fn.addEnvironment('MAIL_FROM', this.settings.from);
    fn.fn.addEnvironment('HQ_EMAIL', this.settings.hq);
    fn.fn.addEnvironment('NOTIFY_DOMAIN', this.settings.domain);
    fn.fn.addEnvironment('MAIL_CONFIGURATION_SET', this.configurationSet.configurationSetName);
  }
}
