// The reports kept in the reports bucket: one folder per kind, one per period inside it ({kind}/{period}/report.html).

export const REPORT_KINDS = {
  weekly: 'Weekly headquarters report',
  'cost-benefit': 'Cost-benefit analysis',
  infrastructure: 'Infrastructure and connectivity assessment',
} as const;
export type ReportKind = keyof typeof REPORT_KINDS;

export const REPORT_PREFIXES = Object.keys(REPORT_KINDS).map((kind) => `${kind}/`);
