// The record's values in words, for labels and options.
const SPECIAL: Record<string, string> = { lpr: 'LPR', nii: 'NII', xray: 'X-ray', k9: 'K9', ok: 'OK' };

export function inWords(value: string): string {
  const special = SPECIAL[value];
  if (special) return special;
  const spaced = value.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export const optionsOf = (values: readonly string[]) => values.map((value) => [value, inWords(value)] as const);
