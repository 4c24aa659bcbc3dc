// The connectivity the audit asked about, measured on the device: when the network went away and came back, and
// when sends failed while the device thought it was online. Each becomes an `equipment` record (asset: network).
import type { Equipment } from '../../functions/domain/records/schemas.js';
import { localIsoString } from './local-time.js';

export interface Outage {
  /** When the network went away (ISO, UTC). */
  since: string;
}

export interface FailedSends {
  first: string;
  last: string;
  count: number;
  lastError: string;
}

const minutesBetween = (from: string, to: Date) => Math.max(0, Math.round((to.getTime() - Date.parse(from)) / 60_000));
const clock = (iso: string) => localIsoString(new Date(iso)).slice(11, 16);

export function outageRecord(
  outage: Outage,
  back: Date,
  ids: { recordId: string; portCode: string; deviceId: string },
): Equipment {
  const minutes = minutesBetween(outage.since, back);
  return {
    recordId: ids.recordId,
    portCode: ids.portCode,
    observedAt: localIsoString(new Date(outage.since)),
    asset: 'network',
    status: 'down',
    minutesDown: minutes,
    note: `No network on ${ids.deviceId} from ${clock(outage.since)} to ${clock(back.toISOString())} (${minutes} min)`,
  };
}

export function failedSendsRecord(
  failed: FailedSends,
  recovered: Date,
  ids: { recordId: string; portCode: string; deviceId: string },
): Equipment {
  const minutes = minutesBetween(failed.first, recovered);
  return {
    recordId: ids.recordId,
    portCode: ids.portCode,
    observedAt: localIsoString(new Date(failed.first)),
    asset: 'network',
    status: 'degraded',
    minutesDown: minutes,
    note: `${failed.count} ${failed.count === 1 ? 'send' : 'sends'} failed on ${ids.deviceId} while online, from ${clock(failed.first)} to ${clock(recovered.toISOString())} (${minutes} min; last: ${failed.lastError.slice(0, 200)})`,
  };
}

export function noteFailure(previous: FailedSends | undefined, at: Date, error: string): FailedSends {
  const now = at.toISOString();
  return previous
    ? { ...previous, last: now, count: previous.count + 1, lastError: error }
    : { first: now, last: now, count: 1, lastError: error };
}
