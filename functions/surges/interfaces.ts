// What the surge use cases need from outside: where operations and their status histories are kept, the workflow that
// runs each operation, and the mail. The adapters (DynamoDB, Step Functions, SES) implement them.
import type { StandingsDeps } from '../compliance/interfaces.js';
import type { Addresses } from '../domain/referrals.js';
import type { HistoryEntry, Surge, SurgeStatus } from '../domain/surges.js';
import type { RecordReader } from '../metrics/interfaces.js';
import type { Mailer } from '../referrals/interfaces.js';

export type { Mailer };

export interface SurgeRepository {
  /** Stores a new operation with its first history entry (a retried create applies once; ConflictError if taken). */
  create(surge: Surge): Promise<void>;
  get(id: string): Promise<Surge | undefined>;
  /** The status history, oldest first, with a latest entry whose copy is still pending. */
  historyOf(id: string): Promise<HistoryEntry[]>;
  byStatus(status: SurgeStatus): Promise<Surge[]>;
  /** The operations a port is assigned to. */
  atPort(port: string): Promise<string[]>;
  /**
   * Moves the operation from one of `from` to `to`, with the fields given, and writes the history entry with it.
   * A retry of a change that was already applied changes nothing; ConflictError when it is in none of `from`.
   */
  transition(
    id: string,
    from: readonly SurgeStatus[],
    to: SurgeStatus,
    set: Partial<Surge>,
    entry: { by: string; detail?: string; at: string },
  ): Promise<void>;
  assign(surge: Pick<Surge, 'surgeId' | 'start' | 'end'>, ports: readonly string[]): Promise<void>;
}

/** Starts and stops operations' workflows; the execution is named after the operation. */
export interface SurgeLauncher {
  /** The execution's ARN is known before it starts. */
  executionArnOf(surgeId: string): string;
  start(surge: { surgeId: string; start: string; end: string }): Promise<void>;
  stop(executionArn: string, reason: string): Promise<void>;
}

export interface SchedulingDeps {
  surges: Pick<SurgeRepository, 'create'>;
  launcher: Pick<SurgeLauncher, 'start' | 'executionArnOf'>;
}

/** What the surge workflow's steps read and write. */
export interface SurgeTaskDeps extends StandingsDeps {
  surges: Pick<SurgeRepository, 'get' | 'transition' | 'assign' | 'byStatus'>;
  records: Pick<RecordReader, 'inspections'>;
  mailer: Mailer;
  addresses: Addresses;
  now: () => Date;
}
