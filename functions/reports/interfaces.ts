// What the report use cases need: the figures and records (metrics), the policy's history, the referrals and the
// completed operations, the uploads' receipts, and where reports go (the reports bucket, mail). The adapters implement
// them; the jobs function wires them.
import type { HtmlMailer } from '../compliance/interfaces.js';
import type { PolicyVersion } from '../domain/policy.js';
import type { Receipt } from '../domain/uploads/receipt.js';
import type { MetricsDeps, UploadQuality } from '../metrics/interfaces.js';
import type { ReferralRepository } from '../referrals/interfaces.js';
import type { ReportKind } from '../shared/reports.js';
import type { SurgeRepository } from '../surges/interfaces.js';

/** Where a report goes: its files into the reports bucket, the mail to headquarters. */
export interface ReportOutput extends HtmlMailer {
  putObject(key: string, body: Buffer | string, contentType: string): Promise<void>;
}

export interface ReportDeps extends MetricsDeps {
  quality: Pick<UploadQuality, 'byDay' | 'problemReceipts'>;
  referrals: Pick<ReferralRepository, 'list' | 'openedBetween' | 'audit'>;
  /** Every policy version with the instant it took effect, oldest first. */
  policyHistory: () => Promise<PolicyVersion[]>;
  /** A receipt in the uploads bucket, for the reasons of refused lines; absent where that bucket is not bound. */
  receipt?: (key: string) => Promise<Receipt | undefined>;
  /** The supervisor's decision SLA: a wildlife referral routed later missed it. */
  decisionSlaHours: number;
  surges: Pick<SurgeRepository, 'byStatus'>;
  output: ReportOutput;
  hqEmail: string;
}

export interface ReportFile {
  key: string;
  url: string;
  size: number;
}

export interface KeptReport {
  kind: ReportKind;
  title: string;
  /** The week's last day (weekly), the quarter or fiscal year (cost-benefit), the month (infrastructure). */
  period: string;
  createdAt: string;
  html: ReportFile;
  csv?: ReportFile;
  charts: ReportFile[];
}

export interface ReportStore {
  /** Every kept report, newest first; the addresses are valid for `expiresInSeconds`. */
  list(expiresInSeconds: number): Promise<KeptReport[]>;
}
