// Each kind of record as its form holds it (text as typed) and as it is saved (the record the schema checks).
import type { RecordKind } from '../../../functions/domain/records/kinds.js';
import { fromLocalInput, localDateOf, localInputOf } from '../local-time.js';
import { numberOf, shown, textOf } from './validation.js';

/** What the app fills in itself: never typed by the officer. */
export interface CaptureContext {
  recordId: string;
  portCode: string;
  deviceId: string;
  officerId: string;
  capturedOffline: boolean;
}

export const FINDING_TYPES = [
  ['currency', 'Currency'],
  ['firearm', 'Firearms'],
  ['ammunition', 'Ammunition'],
  ['explosive', 'Explosives'],
  ['narcotic', 'Narcotics'],
  ['wildlife', 'Wildlife'],
  ['electronic_device', 'Electronic device search'],
] as const;

export interface FindingValues {
  type: string;
  amountUsd: string;
  declared: boolean;
  count: string;
  rounds: string;
  kg: string;
  substance: string;
  species: string;
  searchLevel: string;
  approvedBy: string;
}

export interface InspectionValues {
  startedAt: string;
  endedAt: string;
  crossing: string;
  mode: string;
  techniques: string[];
  travelers: string;
  surgeId: string;
  findings: FindingValues[];
  disposition: string;
  staffMinutes: string;
}

export interface TrafficValues {
  hourStart: string;
  crossing: string;
  mode: string;
  exits: string;
  source: string;
}

export interface StaffingValues {
  date: string;
  crossing: string;
  shift: string;
  outboundHours: string;
  divertedHours: string;
  officers: string;
}

export interface EquipmentValues {
  observedAt: string;
  crossing: string;
  asset: string;
  status: string;
  minutesDown: string;
  note: string;
}

export interface ValuesOf {
  inspections: InspectionValues;
  traffic: TrafficValues;
  staffing: StaffingValues;
  equipment: EquipmentValues;
}

export const emptyFinding = (type = 'currency'): FindingValues => ({
  type,
  amountUsd: '',
  declared: false,
  count: '',
  rounds: '',
  kg: '',
  substance: '',
  species: '',
  searchLevel: 'basic',
  approvedBy: '',
});

function findingCandidate(f: FindingValues): Record<string, unknown> {
  switch (f.type) {
    case 'currency':
      return { type: f.type, amountUsd: numberOf(f.amountUsd), declared: f.declared };
    case 'firearm':
    case 'wildlife': {
      const count = { type: f.type, count: numberOf(f.count) };
      return f.type === 'wildlife' ? { ...count, species: textOf(f.species) } : count;
    }
    case 'ammunition':
      return { type: f.type, rounds: numberOf(f.rounds) };
    case 'explosive':
      return { type: f.type, kg: numberOf(f.kg) };
    case 'narcotic':
      return { type: f.type, substance: textOf(f.substance), kg: numberOf(f.kg) };
    case 'electronic_device':
      return { type: f.type, searchLevel: f.searchLevel, approvedBy: textOf(f.approvedBy) };
    default:
      return { type: f.type };
  }
}

function findingValues(f: Record<string, unknown>): FindingValues {
  return {
    ...emptyFinding(String(f.type)),
    amountUsd: shown(f.amountUsd),
    declared: f.declared === true,
    count: shown(f.count),
    rounds: shown(f.rounds),
    kg: shown(f.kg),
    substance: shown(f.substance),
    species: shown(f.species),
    searchLevel: shown(f.searchLevel ?? 'basic'),
    approvedBy: shown(f.approvedBy),
  };
}

const inputOf = (iso: unknown) => (typeof iso === 'string' && iso ? localInputOf(new Date(iso)) : '');
const hourStartOf = (now: Date) => {
  const hour = new Date(now);
  hour.setMinutes(0, 0, 0);
  return localInputOf(hour);
};

/** Leaves out fields the officer left empty, so optional fields stay absent rather than blank. */
const compact = (record: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));

export interface KindSpec<V> {
  kind: RecordKind;
  title: string;
  empty(now: Date): V;
  candidate(values: V, context: CaptureContext): Record<string, unknown>;
  values(data: Record<string, unknown>): V;
  summary(data: Record<string, unknown>): string;
}

export const KINDS: { [K in RecordKind]: KindSpec<ValuesOf[K]> } = {
  inspections: {
    kind: 'inspections',
    title: 'Inspection',
    empty: (now) => ({
      startedAt: localInputOf(now),
      endedAt: '',
      crossing: '',
      mode: '',
      techniques: [],
      travelers: '',
      surgeId: '',
      findings: [],
      disposition: '',
      staffMinutes: '',
    }),
    candidate: (v, c) =>
      compact({
        recordId: c.recordId,
        portCode: c.portCode,
        crossing: textOf(v.crossing),
        deviceId: c.deviceId,
        officerId: c.officerId,
        startedAt: fromLocalInput(v.startedAt),
        endedAt: fromLocalInput(v.endedAt),
        mode: textOf(v.mode),
        techniques: v.techniques,
        travelers: numberOf(v.travelers),
        surgeId: textOf(v.surgeId),
        findings: v.findings.map((f) => compact(findingCandidate(f))),
        disposition: textOf(v.disposition),
        staffMinutes: numberOf(v.staffMinutes),
        capturedOffline: c.capturedOffline,
      }),
    values: (d) => ({
      startedAt: inputOf(d.startedAt),
      endedAt: inputOf(d.endedAt),
      crossing: shown(d.crossing),
      mode: shown(d.mode),
      techniques: Array.isArray(d.techniques) ? d.techniques.map(String) : [],
      travelers: shown(d.travelers),
      surgeId: shown(d.surgeId),
      findings: Array.isArray(d.findings) ? d.findings.map((f) => findingValues(f as Record<string, unknown>)) : [],
      disposition: shown(d.disposition),
      staffMinutes: shown(d.staffMinutes),
    }),
    summary: (d) => {
      const findings = Array.isArray(d.findings) ? d.findings.length : 0;
      return `Inspection · ${shown(d.mode).replace('_', ' ')} · ${shown(d.disposition)}${findings ? ` · ${findings} finding${findings > 1 ? 's' : ''}` : ''}`;
    },
  },
  traffic: {
    kind: 'traffic',
    title: 'Traffic count',
    empty: (now) => ({ hourStart: hourStartOf(now), crossing: '', mode: '', exits: '', source: 'manual' }),
    candidate: (v, c) =>
      compact({
        recordId: c.recordId,
        portCode: c.portCode,
        crossing: textOf(v.crossing),
        hourStart: fromLocalInput(v.hourStart),
        mode: textOf(v.mode),
        exits: numberOf(v.exits),
        source: textOf(v.source),
      }),
    values: (d) => ({
      hourStart: inputOf(d.hourStart),
      crossing: shown(d.crossing),
      mode: shown(d.mode),
      exits: shown(d.exits),
      source: shown(d.source),
    }),
    summary: (d) => `Traffic · ${shown(d.mode).replace('_', ' ')} · ${shown(d.exits)} exits`,
  },
  staffing: {
    kind: 'staffing',
    title: 'Staffing log',
    empty: (now) => ({
      date: localDateOf(now),
      crossing: '',
      shift: '',
      outboundHours: '',
      divertedHours: '0',
      officers: '',
    }),
    candidate: (v, c) =>
      compact({
        recordId: c.recordId,
        portCode: c.portCode,
        crossing: textOf(v.crossing),
        date: textOf(v.date),
        shift: textOf(v.shift),
        outboundHours: numberOf(v.outboundHours),
        divertedHours: numberOf(v.divertedHours),
        officers: numberOf(v.officers),
      }),
    values: (d) => ({
      date: shown(d.date),
      crossing: shown(d.crossing),
      shift: shown(d.shift),
      outboundHours: shown(d.outboundHours),
      divertedHours: shown(d.divertedHours),
      officers: shown(d.officers),
    }),
    summary: (d) => `Staffing · ${shown(d.date)} ${shown(d.shift)} · ${shown(d.outboundHours)} h outbound`,
  },
  equipment: {
    kind: 'equipment',
    title: 'Equipment status',
    empty: (now) => ({
      observedAt: localInputOf(now),
      crossing: '',
      asset: '',
      status: '',
      minutesDown: '0',
      note: '',
    }),
    candidate: (v, c) =>
      compact({
        recordId: c.recordId,
        portCode: c.portCode,
        crossing: textOf(v.crossing),
        observedAt: fromLocalInput(v.observedAt),
        asset: textOf(v.asset),
        status: textOf(v.status),
        minutesDown: numberOf(v.minutesDown),
        note: textOf(v.note),
      }),
    values: (d) => ({
      observedAt: inputOf(d.observedAt),
      crossing: shown(d.crossing),
      asset: shown(d.asset),
      status: shown(d.status),
      minutesDown: shown(d.minutesDown),
      note: shown(d.note),
    }),
    summary: (d) => `Equipment · ${shown(d.asset).replace('_', ' ')} · ${shown(d.status)}`,
  },
};
