// Hands a requested run to the jobs function: Lambda's asynchronous invoke (queued by Lambda, answered at once).
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { JobInvoker, JobRequest } from '../jobs/interfaces.js';

export class LambdaJobInvoker implements JobInvoker {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {}

  async invoke(request: JobRequest): Promise<void> {
    await this.lambda.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify(request)),
      }),
    );
  }
}
