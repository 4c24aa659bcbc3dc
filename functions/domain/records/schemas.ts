// The four kinds of field record and their validation rules (DESIGN.md, "Data").
import * as z from 'zod';

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

const id = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(128, 'is longer than 128 characters')
  .regex(/^[A-Za-z0-9._:-]+$/, 'may hold only letters, digits and . _ : -');
const text = (max: number) => z.string().trim().min(1).max(max, `is longer than ${max} characters`);
const timestamp = z.iso.datetime({
  offset: true,
  message: 'must be an ISO-8601 date-time with an offset, e.g. 2026-11-01T14:05:00-06:00',
});
const count = z.int('must be a whole number').min(0, 'must be 0 or more');
const atLeastOne = z.int('must be a whole number').min(1, 'must be at least 1');
const positive = z.number('must be a number').positive('must be greater than 0').finite();
const portCode = z.string().regex(/^\d{4}$/, 'must be a 4-digit port code');

/** The checks of the schemas that JSON Schema cannot state; the fast path (accept-as-is.ts) makes them too. */
export function hasNoRepeats(list: readonly unknown[]): boolean {
  return list.length < 2 || new Set(list).size === list.length;
}

export function endsAfterStart(record: { startedAt: string; endedAt?: string | undefined }): boolean {
  return !record.endedAt || Date.parse(record.endedAt) >= Date.parse(record.startedAt);
}

export const FindingSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('currency'), amountUsd: positive, declared: z.boolean('must be true or false') }),
    z.object({ type: z.literal('firearm'), count: atLeastOne }),
    z.object({ type: z.literal('ammunition'), rounds: atLeastOne }),
    z.object({ type: z.literal('explosive'), kg: positive }),
    z.object({ type: z.literal('narcotic'), substance: text(80), kg: positive }),
    z.object({ type: z.literal('wildlife'), species: text(120), count: atLeastOne }),
    z.object({
      type: z.literal('electronic_device'),
      searchLevel: z.enum(['basic', 'advanced'], 'must be basic or advanced'),
      approvedBy: id.optional(),
    }),
  ],
  'must have a type: currency, firearm, ammunition, explosive, narcotic, wildlife or electronic_device',
);
export type Finding = z.infer<typeof FindingSchema>;

export const InspectionSchema = z
  .object({
    recordId: id,
    portCode,
    crossing: text(120).optional(),
    deviceId: id,
    officerId: id,
    startedAt: timestamp,
    endedAt: timestamp.optional(),
    mode: z.enum(MODES, `must be one of ${MODES.join(', ')}`),
    techniques: z
      .array(z.enum(TECHNIQUES, `must be among ${TECHNIQUES.join(', ')}`))
      .min(1, 'must name at least one technique')
      .refine(hasNoRepeats, 'must not repeat a technique'),
    travelers: count,
    surgeId: id.optional(),
    findings: z.array(FindingSchema).max(50, 'holds more than 50 findings').default([]),
    disposition: z.enum(DISPOSITIONS, `must be one of ${DISPOSITIONS.join(', ')}`),
    staffMinutes: count,
    capturedOffline: z.boolean('must be true or false').default(false),
  })
  .strict()
  .superRefine((record, ctx) => {
    if (!endsAfterStart(record)) {
      ctx.addIssue({ code: 'custom', path: ['endedAt'], message: 'must not be before startedAt' });
    }
  });
export type Inspection = z.infer<typeof InspectionSchema>;

export const TrafficSchema = z
  .object({
    recordId: id,
    portCode,
    crossing: text(120).optional(),
    hourStart: timestamp,
    mode: z.enum(MODES, `must be one of ${MODES.join(', ')}`),
    exits: count,
    source: z.enum(['lpr', 'sensor', 'manual'], 'must be lpr, sensor or manual'),
  })
  .strict();
export type Traffic = z.infer<typeof TrafficSchema>;

export const StaffingSchema = z
  .object({
    recordId: id,
    portCode,
    crossing: text(120).optional(),
    date: z.iso.date('must be a date, e.g. 2026-11-01'),
    shift: text(40),
    outboundHours: z.number('must be a number').min(0, 'must be 0 or more').max(10_000),
    divertedHours: z.number('must be a number').min(0, 'must be 0 or more').max(10_000),
    officers: count,
  })
  .strict();
export type Staffing = z.infer<typeof StaffingSchema>;

export const EquipmentSchema = z
  .object({
    recordId: id,
    portCode,
    crossing: text(120).optional(),
    observedAt: timestamp,
    asset: z.enum(ASSETS, `must be one of ${ASSETS.join(', ')}`),
    status: z.enum(['ok', 'degraded', 'down'], 'must be ok, degraded or down'),
    minutesDown: count.default(0),
    note: z.string().max(500, 'is longer than 500 characters').optional(),
  })
  .strict();
export type Equipment = z.infer<typeof EquipmentSchema>;

export type FieldRecord =
  | { kind: 'inspections'; data: Inspection }
  | { kind: 'traffic'; data: Traffic }
  | { kind: 'staffing'; data: Staffing }
  | { kind: 'equipment'; data: Equipment };

export const SCHEMAS = {
  inspections: InspectionSchema,
  traffic: TrafficSchema,
  staffing: StaffingSchema,
  equipment: EquipmentSchema,
} as const;

/** The instant a record is about, the basis of its day. */
export function timestampOf(record: FieldRecord): string {
  switch (record.kind) {
    case 'inspections':
      return record.data.startedAt;
    case 'traffic':
      return record.data.hourStart;
    case 'staffing':
      return record.data.date;
    case 'equipment':
      return record.data.observedAt;
  }
}

/** A record's day: the calendar date of its own timestamp in its own offset (the port's local date). */
export function localDateOf(record: FieldRecord): string {
  return timestampOf(record).slice(0, 10);
}
