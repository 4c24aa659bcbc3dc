// The record's values in words, for labels and options.
const SPECIAL: Record<string, string> = { lpr: 'LPR', nii: 'NII', xray: 'X-ray', k9: 'K9', ok: 'OK' };

export function inWords(value: string): string {
  const special = SPECIAL[value];
  if (special) return special;
  const spaced = value.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export const optionsOf = (values: readonly string[]) => values.map((value) => [value, inWords(value)] as const);

/** The record's fields as the forms label them, for the receipt's reasons. */
const FIELD_LABELS: Record<string, string> = {
  startedAt: 'Started at',
  endedAt: 'Ended at',
  crossing: 'Crossing',
  mode: 'Mode',
  techniques: 'Techniques',
  travelers: 'Travelers',
  surgeId: 'Surge operation in progress',
  findings: 'Findings',
  disposition: 'Disposition',
  staffMinutes: 'Staff minutes',
  hourStart: 'Hour starting',
  exits: 'Exits',
  source: 'Source',
  date: 'Date',
  shift: 'Shift',
  outboundHours: 'Outbound hours',
  divertedHours: 'Diverted hours',
  officers: 'Officers',
  observedAt: 'Observed at',
  asset: 'Asset',
  status: 'Status',
  minutesDown: 'Minutes down',
  note: 'Note',
};

/** 'findings.0.amountUsd' → 'Finding 1 amountUsd'; 'startedAt' → 'Started at'. */
export function fieldInWords(path: string): string {
  const finding = /^findings\.(\d+)\.?(.*)$/.exec(path);
  if (finding) return `Finding ${Number(finding[1]) + 1}${finding[2] ? ` ${finding[2]}` : ''}`;
  return FIELD_LABELS[path] ?? path;
}
