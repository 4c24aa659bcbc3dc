// The ports area of the API: the registry and a port's recent uploads with their receipts.
import type { Port } from '../../../functions/domain/ports.js';
import type { Receipt } from '../../../functions/domain/uploads/receipt.js';
import { apiFetch } from '../../shared/api.js';

export type { Port };

export interface RecentUpload {
  batchId: string;
  kind: string | null;
  deviceId: string | null;
  processedAt: string | null;
  status: Receipt['status'] | null;
  receipt: Pick<
    Receipt,
    'received' | 'accepted' | 'duplicates' | 'conflicts' | 'rejected' | 'errors' | 'conflictedRecords' | 'reason'
  > | null;
}

/** Every port's name by its code, from the registry. */
export async function portNames(): Promise<Map<string, string>> {
  const { ports } = await apiFetch<{ ports: Port[] }>('/ports');
  return new Map(ports.map((port) => [port.code, port.name]));
}

export function getPort(code: string): Promise<Port> {
  return apiFetch<Port>(`/ports/${code}`);
}

export async function recentUploads(code: string): Promise<RecentUpload[]> {
  return (await apiFetch<{ uploads: RecentUpload[] }>(`/ports/${code}/uploads?limit=15`)).uploads;
}
