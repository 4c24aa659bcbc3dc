// The tests, the local cloud and the CLI run on the Node.js major the Lambda functions are deployed on.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('the Node.js runtime', () => {
  it('is the major version of the Lambda runtime the CDK app deploys', () => {
    const construct = readFileSync(new URL('../../infra/constructs/outbound-function.ts', import.meta.url), 'utf8');
    const deployed = /Runtime\.NODEJS_(\d+)_X/.exec(construct)?.[1];
    expect(deployed).toBe('24');
    expect(process.versions.node.split('.')[0]).toBe(deployed);
  });
});
