// CSV rows → the same objects a JSON Lines upload carries, so both formats validate (and fingerprint) alike.
import type { RecordKind } from './kinds.js';

type Column = 'string' | 'integer' | 'number' | 'boolean' | 'list';

const COLUMNS: Record<RecordKind, Record<string, Column>> = {
  inspections: {
    recordId: 'string',
    portCode: 'string',
    crossing: 'string',
    deviceId: 'string',
    officerId: 'string',
    startedAt: 'string',
    endedAt: 'string',
    mode: 'string',
    techniques: 'list',
    travelers: 'integer',
    surgeId: 'string',
    disposition: 'string',
    staffMinutes: 'integer',
    capturedOffline: 'boolean',
  },
  traffic: {
    recordId: 'string',
    portCode: 'string',
    crossing: 'string',
    hourStart: 'string',
    mode: 'string',
    exits: 'integer',
    source: 'string',
  },
  staffing: {
    recordId: 'string',
    portCode: 'string',
    crossing: 'string',
    date: 'string',
    shift: 'string',
    outboundHours: 'number',
    divertedHours: 'number',
    officers: 'integer',
  },
  equipment: {
    recordId: 'string',
    portCode: 'string',
    crossing: 'string',
    observedAt: 'string',
    asset: 'string',
    status: 'string',
    minutesDown: 'integer',
    note: 'string',
  },
};

/** The inspection columns that carry findings, one finding type each. */
export const FINDING_COLUMNS = [
  'currencyUsd',
  'currencyDeclared',
  'firearms',
  'ammunitionRounds',
  'explosivesKg',
  'narcoticsKg',
  'narcoticSubstance',
  'wildlifeCount',
  'wildlifeSpecies',
  'deviceSearch',
  'deviceSearchApprovedBy',
] as const;

export function csvColumns(kind: RecordKind): string[] {
  return [...Object.keys(COLUMNS[kind]), ...(kind === 'inspections' ? FINDING_COLUMNS : [])];
}

/** Converts a cell; a cell that does not convert is passed on as text so validation names it. */
function convert(value: string, type: Column): unknown {
  const cell = value.trim();
  switch (type) {
    case 'string':
      return cell;
    case 'integer':
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell;
    case 'boolean': {
      const lower = cell.toLowerCase();
      if (['true', 'yes', '1'].includes(lower)) return true;
      if (['false', 'no', '0'].includes(lower)) return false;
      return cell;
    }
    case 'list':
      return cell
        .split(';')
        .map((item) => item.trim())
        .filter(Boolean);
  }
}

function findingsOf(row: Record<string, string>): unknown[] {
  const cell = (name: string) => row[name]?.trim() ?? '';
  const num = (name: string) => convert(cell(name), 'number');
  const findings: unknown[] = [];
  if (cell('currencyUsd'))
    findings.push({
      type: 'currency',
      amountUsd: num('currencyUsd'),
      declared: convert(cell('currencyDeclared') || 'false', 'boolean'),
    });
  if (cell('firearms')) findings.push({ type: 'firearm', count: num('firearms') });
  if (cell('ammunitionRounds')) findings.push({ type: 'ammunition', rounds: num('ammunitionRounds') });
  if (cell('explosivesKg')) findings.push({ type: 'explosive', kg: num('explosivesKg') });
  if (cell('narcoticsKg') || cell('narcoticSubstance')) {
    findings.push({ type: 'narcotic', substance: cell('narcoticSubstance'), kg: num('narcoticsKg') });
  }
  if (cell('wildlifeCount') || cell('wildlifeSpecies')) {
    findings.push({ type: 'wildlife', species: cell('wildlifeSpecies'), count: num('wildlifeCount') });
  }
  if (cell('deviceSearch')) {
    findings.push({
      type: 'electronic_device',
      searchLevel: cell('deviceSearch'),
      ...(cell('deviceSearchApprovedBy') ? { approvedBy: cell('deviceSearchApprovedBy') } : {}),
    });
  }
  return findings;
}

/** A CSV row (header → cell) as the record object; empty cells are absent fields. */
export function rowToObject(kind: RecordKind, row: Record<string, string>): Record<string, unknown> {
  const columns = COLUMNS[kind];
  const known = new Set(csvColumns(kind));
  const object: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) {
    if (!known.has(name)) {
      // an unknown column is reported by validation, not dropped
      Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true });
      continue;
    }
    const type = Object.hasOwn(columns, name) ? columns[name] : undefined;
    if (type && value.trim() !== '') object[name] = convert(value, type);
  }
  if (kind === 'inspections') object.findings = findingsOf(row);
  return object;
}
