// What the compliance use cases need: the daily figures, the policy and the port registry to read each port's
// standing, and a mailer for HTML notices. The adapters implement them (DynamoDB, SES).
import type { PortRegistry } from '../domain/ports.js';
import type { MetricsStore } from '../metrics/interfaces.js';
import type { PolicyStore } from '../policy/interfaces.js';

/** What reading the ports' standings needs: the daily figures, the policy and the registry. */
export interface StandingsDeps {
  metrics: Pick<MetricsStore, 'daily' | 'lastInspectionDays'>;
  policy: Pick<PolicyStore, 'get'>;
  ports: () => Promise<PortRegistry>;
}

/** A mail with an HTML body and attachments (inline charts by Content-ID), as notices and reports are sent. */
export interface HtmlMail {
  to: string[];
  subject: string;
  html: string;
  attachments: Array<{ filename: string; content: Buffer | string; contentType: string; cid?: string }>;
}

export interface HtmlMailer {
  sendRaw(message: HtmlMail): Promise<void>;
}
