// Sends plain emails through SES (locally, the SES emulator), always through the configured configuration set.
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Email } from '../domain/referrals.js';
import type { Mailer } from '../referrals/interfaces.js';

export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    private readonly from: string,
    /** In AWS the configuration set requires TLS for delivery; every mail goes through it. */
    private readonly configurationSet: string,
  ) {}

  async send(email: Email): Promise<void> {
    await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        ConfigurationSetName: this.configurationSet,
        Destination: { ToAddresses: email.to },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: email.text, Charset: 'UTF-8' } },
          },
        },
      }),
    );
  }
}
