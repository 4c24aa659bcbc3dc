// Schedules a surge operation: stored as REQUESTED, then its workflow started (the API and the compliance job both come here).
import { randomUUID } from 'node:crypto';
import { ValidationError } from '../domain/errors.js';
import { requestProblems, type Surge, type SurgeRequest } from '../domain/surges.js';
import type { SchedulingDeps } from './interfaces.js';

export async function scheduleSurge(
  deps: SchedulingDeps,
  input: SurgeRequest,
  by: string,
  now = new Date(),
): Promise<Surge> {
  const problems = requestProblems(input, now);
  if (problems.length > 0) throw new ValidationError('the operation is not valid', problems);
  const surgeId = `surge-${randomUUID()}`;
  const surge: Surge = {
    surgeId,
    status: 'REQUESTED',
    request: input,
    start: new Date(input.start).toISOString(),
    end: new Date(input.end).toISOString(),
    mode: input.mode,
    ports: [],
    executionArn: deps.launcher.executionArnOf(surgeId),
    createdBy: by,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await deps.surges.create(surge);
  await deps.launcher.start(surge);
  return surge;
}
