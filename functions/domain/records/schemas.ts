// The four kinds of field record and their validation rules (DESIGN.md, "Data").
import * as z from 'zod/mini';
import { once } from '../once.js';
import '../zod-locale.js';
import { portCodeString } from '../ports.js';
import { ASSETS, DISPOSITIONS, MODES, type RecordKind, TECHNIQUES } from './kinds.js';

/** The checks of the schemas that JSON Schema cannot state; the fast path (accept-as-is.ts) makes them too. */
export function hasNoRepeats(list: readonly unknown[]): boolean {
  return list.length < 2 || new Set(list).size === list.length;
}

export function endsAfterStart(record: { startedAt: string; endedAt?: string | undefined }): boolean {
  return !record.endedAt || Date.parse(record.endedAt) >= Date.parse(record.startedAt);
}

/** The record schemas, built on first use: by the first record validated, never by a function that validates none. */
const recordSchemas = once(() => {
  const id = z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'is required'),
      z.maxLength(128, 'is longer than 128 characters'),
      z.regex(/^[A-Za-z0-9._:-]+$/, 'may hold only letters, digits and . _ : -'),
    );
  const text = (max: number) =>
    z.string().check(z.trim(), z.minLength(1), z.maxLength(max, `is longer than ${max} characters`));
  const timestamp = z.iso.datetime({
    offset: true,
    error: 'must be an ISO-8601 date-time with an offset, e.g. 2026-11-01T14:05:00-06:00',
  });
  const count = z.int('must be a whole number').check(z.minimum(0, 'must be 0 or more'));
  const atLeastOne = z.int('must be a whole number').check(z.minimum(1, 'must be at least 1'));
  const positive = z.number('must be a number').check(z.positive('must be greater than 0'));
  const portCode = portCodeString('must be a 4-digit port code');
  const hours = z.number('must be a number').check(z.minimum(0, 'must be 0 or more'), z.maximum(10_000));
  const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
    z.enum(values, `must be one of ${values.join(', ')}`);
  /** What every kind of record opens with: its id, its port, and the crossing it was taken at. */
  const located = { recordId: id, portCode, crossing: z.optional(text(120)) };

  const finding = z.discriminatedUnion(
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
        approvedBy: z.optional(id),
      }),
    ],
    'must have a type: currency, firearm, ammunition, explosive, narcotic, wildlife or electronic_device',
  );

  const inspection = z
    .strictObject({
      ...located,
      deviceId: id,
      officerId: id,
      startedAt: timestamp,
      endedAt: z.optional(timestamp),
      mode: oneOf(MODES),
      techniques: z
        .array(z.enum(TECHNIQUES, `must be among ${TECHNIQUES.join(', ')}`))
        .check(
          z.minLength(1, 'must name at least one technique'),
          z.refine(hasNoRepeats, 'must not repeat a technique'),
        ),
      travelers: count,
      surgeId: z.optional(id),
      findings: z._default(z.array(finding).check(z.maxLength(50, 'holds more than 50 findings')), []),
      disposition: oneOf(DISPOSITIONS),
      staffMinutes: count,
      capturedOffline: z._default(z.boolean('must be true or false'), false),
    })
    .check(
      z.superRefine((record, ctx) => {
        if (!endsAfterStart(record)) {
          ctx.addIssue({ code: 'custom', path: ['endedAt'], message: 'must not be before startedAt' });
        }
      }),
    );

  const traffic = z.strictObject({
    ...located,
    hourStart: timestamp,
    mode: oneOf(MODES),
    exits: count,
    source: z.enum(['lpr', 'sensor', 'manual'], 'must be lpr, sensor or manual'),
  });

  const staffing = z.strictObject({
    ...located,
    date: z.iso.date('must be a date, e.g. 2026-11-01'),
    shift: text(40),
    outboundHours: hours,
    divertedHours: hours,
    officers: count,
  });

  const equipment = z.strictObject({
    ...located,
    observedAt: timestamp,
    asset: oneOf(ASSETS),
    status: z.enum(['ok', 'degraded', 'down'], 'must be ok, degraded or down'),
    minutesDown: z._default(count, 0),
    note: z.optional(z.string().check(z.maxLength(500, 'is longer than 500 characters'))),
  });
  return { inspections: inspection, traffic, staffing, equipment, finding };
});
type RecordSchemas = ReturnType<typeof recordSchemas>;

/** The schema of one kind of record. */
export function schemaOf<K extends RecordKind>(kind: K): RecordSchemas[K] {
  return recordSchemas()[kind];
}

export type Finding = z.infer<RecordSchemas['finding']>;
export type Inspection = z.infer<RecordSchemas['inspections']>;
export type Traffic = z.infer<RecordSchemas['traffic']>;
export type Staffing = z.infer<RecordSchemas['staffing']>;
export type Equipment = z.infer<RecordSchemas['equipment']>;

export type FieldRecord =
  | { kind: 'inspections'; data: Inspection }
  | { kind: 'traffic'; data: Traffic }
  | { kind: 'staffing'; data: Staffing }
  | { kind: 'equipment'; data: Equipment };

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
