// Lambda for the local cloud: the Invoke API over the function runner (the API hands requested jobs to the jobs
// function through it).
import { createLambdaServer } from '../lambda-server.js';
import { bind, closeServer } from '../net.js';

export async function startLambda(port: number, log: (line: string) => void) {
  const lambda = await bind('lambda', port, createLambdaServer(log).server);
  return { endpoint: lambda.url, stop: () => closeServer(lambda.server) };
}
