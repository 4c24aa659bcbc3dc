// Cancels an operation that has not completed: the change with its history entry, then its workflow stopped.
import { ConflictError } from '../domain/errors.js';
import { OPEN_STATUSES, type Surge } from '../domain/surges.js';
import type { SurgeLauncher, SurgeRepository } from './interfaces.js';

export interface CancelDeps {
  surges: Pick<SurgeRepository, 'transition'>;
  launcher: Pick<SurgeLauncher, 'stop'>;
}

export async function cancelSurge(
  deps: CancelDeps,
  surge: Surge,
  by: string,
  reason: string,
  at: string,
): Promise<{ by: string; reason: string; at: string }> {
  if (!OPEN_STATUSES.includes(surge.status))
    throw new ConflictError(`operation ${surge.surgeId} is already ${surge.status}`);
  const cancelled = { by, reason, at };
  await deps.surges.transition(surge.surgeId, OPEN_STATUSES, 'CANCELLED', { cancelled }, { by, at, detail: reason });
  if (surge.executionArn) await deps.launcher.stop(surge.executionArn, reason);
  return cancelled;
}
