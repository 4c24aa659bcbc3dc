// Sends MIME mail (an HTML body, attachments, charts inline by Content-ID) through SES and its configuration set. The
// SES client and the MIME composer load on the first send: a job that mails nothing does not pay for them.
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { HtmlMail, HtmlMailer } from '../compliance/interfaces.js';
import { SharedValue } from '../shared/shared-value.js';

type Send = (message: HtmlMail) => Promise<void>;

export class SesRawMailer implements HtmlMailer {
  private readonly sender = new SharedValue<Send>();

  constructor(
    /** Builds the SES client, on the first send. */
    private readonly client: () => Promise<SESv2Client>,
    private readonly from: string,
    private readonly configurationSet: string,
  ) {}

  async sendRaw(message: HtmlMail): Promise<void> {
    await (await this.sender.get('loaded', () => this.load()))(message);
  }

  private async load(): Promise<Send> {
    const [ses, { SendEmailCommand }, { MailComposer }] = await Promise.all([
      this.client(),
      import('@aws-sdk/client-sesv2'),
      import('./mail-composer.js'),
    ]);
    return async (message) => {
      const raw = await new MailComposer({ from: this.from, ...message }).compile().build();
      await ses.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          ConfigurationSetName: this.configurationSet,
          Destination: { ToAddresses: message.to },
          Content: { Raw: { Data: raw } },
        }),
      );
    };
  }
}
