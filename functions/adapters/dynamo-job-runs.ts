// Runs of jobs started on request, in the control table (one item per run, partition JOB#{id}).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { JobRun, JobRuns } from '../jobs/interfaces.js';
import { updateOf } from './dynamo-expressions.js';

const key = (jobId: string) => ({ pk: `JOB#${jobId}`, sk: 'RUN' });

export class DynamoJobRuns implements JobRuns {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async queue(run: JobRun): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...key(run.jobId), ...run },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(jobId: string): Promise<JobRun | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: key(jobId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, ...run } = Item;
    return run as JobRun;
  }

  async markRunning(jobId: string, at: string): Promise<boolean> {
    try {
      await this.update(jobId, { status: 'running', startedAt: at }, true);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async markDone(jobId: string, at: string, result: unknown, reportKeys: string[]): Promise<void> {
    await this.update(jobId, { status: 'done', finishedAt: at, result: result ?? null, reportKeys });
  }

  async markFailed(jobId: string, at: string, reason: string): Promise<void> {
    await this.update(jobId, { status: 'failed', finishedAt: at, reason });
  }

  /** Updates a queued run; `unlessDone` leaves a finished run as it is. */
  private async update(jobId: string, fields: Record<string, unknown>, unlessDone = false) {
    const update = updateOf(fields);
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: key(jobId),
        ...update,
        ConditionExpression: unlessDone ? 'attribute_exists(pk) AND #status <> :done' : 'attribute_exists(pk)',
        ...(unlessDone
          ? {
              ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#status': 'status' },
              ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':done': 'done' },
            }
          : {}),
      }),
    );
  }
}
