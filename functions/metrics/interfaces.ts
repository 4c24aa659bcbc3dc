// What the metrics use cases need from storage: the stored records by port and day, the daily figures kept per port
// (and NATIONAL), and the upload quality per day. The DynamoDB adapters implement them.
import type { DailyFigures, StoredInspection } from '../domain/metrics.js';
import type { PortRegistry } from '../domain/ports.js';
import type { RecordKind } from '../domain/records/kinds.js';
import type { PolicyStore } from '../policy/interfaces.js';

export interface StoredRecord {
  day: string;
  data: unknown;
  receivedAt: string;
  flags: string[];
}

export interface RecordReader {
  /** The port's records of one kind whose day is within [from, to]. */
  records(portCode: string, kind: RecordKind, from: string, to: string): Promise<StoredRecord[]>;
  inspections(portCode: string, from: string, to: string): Promise<StoredInspection[]>;
}

export interface MetricsStore {
  /** Overwrites the daily figures of each (scope, day): a re-run replaces, never adds. */
  putDaily(
    rows: ReadonlyArray<{ scope: string; day: string; figures: DailyFigures }>,
    computedAt: string,
  ): Promise<void>;
  daily(scope: string, from: string, to: string): Promise<Map<string, DailyFigures>>;
  /** When the figures of (scope, day) were last computed; undefined if never. */
  computedAt(scope: string, day: string): Promise<string | undefined>;
  /** Each port's last day with an inspection. */
  lastInspectionDays(): Promise<Map<string, string>>;
  /** Keeps the latest day a port inspected; an older day never replaces a newer one. */
  noteInspectionDay(portCode: string, day: string): Promise<void>;
}

export interface UploadQuality {
  /** Receipt keys of the port's uploads in [from, to] with rejected or conflicting lines. */
  problemReceipts(portCode: string, from: string, to: string): Promise<string[]>;
  /** Rejected and conflicting lines in the port's uploads processed each day of [from, to]. */
  byDay(portCode: string, from: string, to: string): Promise<Map<string, { rejected: number; conflicts: number }>>;
}

/** What the nightly recompute reads and writes. */
export interface MetricsDeps {
  records: Pick<RecordReader, 'records' | 'inspections'>;
  metrics: Pick<MetricsStore, 'putDaily' | 'daily' | 'lastInspectionDays' | 'noteInspectionDay'>;
  quality: Pick<UploadQuality, 'byDay'>;
  policy: Pick<PolicyStore, 'get'>;
  ports: () => Promise<PortRegistry>;
  now: () => Date;
}
