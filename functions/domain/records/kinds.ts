// The four kinds of field record and the values their fields take, with no validation library behind them.
export const RECORD_KINDS = ['inspections', 'traffic', 'staffing', 'equipment'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const MODES = ['pedestrian', 'personal_vehicle', 'bus', 'truck', 'rail'] as const;
export const TECHNIQUES = [
  'interview',
  'declaration',
  'document_check',
  'database_query',
  'lpr',
  'xray',
  'physical',
  'k9',
  'baggage_scan',
  'nii',
] as const;
export const DISPOSITIONS = ['cleared', 'seized', 'arrested', 'warned'] as const;
export const ASSETS = ['xray', 'lpr', 'handheld', 'baggage_scanner', 'nii', 'network'] as const;
