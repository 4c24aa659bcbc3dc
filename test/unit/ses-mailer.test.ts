import { SESv2Client } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { SesMailer } from '../../functions/adapters/ses-mailer.js';

describe('SesMailer', () => {
  it('sends every mail through the configured configuration set (which requires TLS in AWS)', async () => {
    const sent: Record<string, unknown>[] = [];
    const ses = new SESv2Client({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'unit', secretAccessKey: 'unit' },
    });
    // the SDK serialises the call as SES would receive it; the request is taken there and never leaves the process
    ses.middlewareStack.add(
      (_next) => async (args) => {
        const request = args.request as { body: string };
        sent.push(JSON.parse(request.body));
        return { response: { statusCode: 200, headers: {}, body: undefined }, output: { $metadata: {} } } as never;
      },
      { step: 'finalizeRequest', name: 'capture' },
    );
    await new SesMailer(ses, 'from@outbound.example.gov', 'outbound-mail-tls').send({
      to: ['supervisors-2304@outbound.example.gov'],
      subject: 'Referral r-1 awaits a decision',
      text: 'body',
    });
    expect(sent).toEqual([
      expect.objectContaining({
        ConfigurationSetName: 'outbound-mail-tls',
        FromEmailAddress: 'from@outbound.example.gov',
      }),
    ]);
  });
});
