import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_SPECS } from '../../functions/shared/tables.js';
import { buildApp, type OutboundApp } from '../../infra/outbound-app.js';

let outdir: string;
let built: OutboundApp;
let template: Template;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'cdk-'));
  // bundling is skipped here (the bundles are measured by `npm run bench`); cdk-nag runs as in `cdk synth`
  const app = new App({
    outdir,
    context: { account: '111111111111', region: 'us-east-1', 'aws:cdk:bundling-stacks': [] },
  });
  built = buildApp(app);
  app.synth();
  template = Template.fromStack(built.stack);
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('stateful resources', () => {
  it('encrypts the uploads and reports buckets with the customer-managed key, versions them and blocks public access', () => {
    const buckets = template.findResources('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }],
        },
      },
    });
    expect(Object.keys(buckets)).toHaveLength(2);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.LoggingConfiguration).toBeDefined();
      expect(bucket.DeletionPolicy).toBe('Retain');
    }
  });

  it('locks every version of the raw uploads for the configured retention (7 years in governance mode by default)', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 2555 } },
      },
    });
    const locked = template.findResources('AWS::S3::Bucket', { Properties: { ObjectLockEnabled: true } });
    expect(Object.keys(locked)).toHaveLength(1);
  });

  it('takes the upload retention from the context, and refuses a retention that is not one', () => {
    const synthWith = (context: Record<string, unknown>) => {
      const app = new App({
        context: { account: '111111111111', region: 'us-east-1', 'aws:cdk:bundling-stacks': [], ...context },
      });
      return Template.fromStack(buildApp(app).stack);
    };
    synthWith({ uploadRetentionDays: 3650, uploadRetentionMode: 'COMPLIANCE' }).hasResourceProperties(
      'AWS::S3::Bucket',
      {
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3650 } },
        },
      },
    );
    expect(() => synthWith({ uploadRetentionDays: 0 })).toThrow('uploadRetentionDays must be a whole number');
    expect(() => synthWith({ uploadRetentionMode: 'LOOSE' })).toThrow(
      'uploadRetentionMode must be GOVERNANCE or COMPLIANCE',
    );
  });

  it('refuses plain HTTP on every bucket', () => {
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(3);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      );
    }
  });

  it('rotates the data key', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('creates every table on demand with point-in-time recovery, KMS and deletion protection', () => {
    const tables = Object.values(template.findResources('AWS::DynamoDB::Table'));
    expect(tables).toHaveLength(TABLE_SPECS.length);
    for (const table of tables) {
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        DeletionProtectionEnabled: true,
      });
      expect(table.DeletionPolicy).toBe('Retain');
    }
  });
});

describe('service', () => {
  it('runs functions on arm64 with tracing and a one-year encrypted log group', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Architectures: ['arm64'],
      Runtime: 'nodejs24.x',
      TracingConfig: { Mode: 'Active' },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: Match.anyValue() });
  });

  it('lets no user write their own role or port: only administrators set them', () => {
    const [client] = Object.values(template.findResources('AWS::Cognito::UserPoolClient'));
    const writable: string[] = client?.Properties.WriteAttributes;
    expect(writable.length).toBeGreaterThan(0);
    expect(writable.filter((a) => a.startsWith('custom:'))).toEqual([]);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      UserPoolAddOns: Match.anyValue(),
    });
  });

  it('puts a Cognito JWT authorizer on the API and keeps an access audit (who, role, port, what, answer) 13 months', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT' });
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    const format = JSON.parse(stage?.Properties.AccessLogSettings.Format);
    expect(format).toMatchObject({
      method: '$context.httpMethod',
      path: '$context.path',
      status: '$context.status',
      caller: '$context.authorizer.claims.sub',
      role: '$context.authorizer.claims.custom:role',
      port: '$context.authorizer.claims.custom:port',
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 400, KmsKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /{proxy+}', AuthorizationType: 'JWT' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /health', AuthorizationType: 'NONE' });
  });

  it('grants a wildcard resource only to the actions that accept no other (X-Ray, CloudWatch Logs delivery)', () => {
    const unrestrictable =
      /^(xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets)|logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups))$/;
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        if (![statement.Resource].flat().includes('*')) continue;
        for (const action of [statement.Action].flat()) expect(action).toMatch(unrestrictable);
      }
    }
  });
});

describe('ingest', () => {
  it('routes Object Created events under incoming/ of the uploads bucket to an encrypted queue with a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { object: { key: [{ prefix: 'incoming/' }] } },
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: Match.anyValue(),
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: { EventBridgeConfiguration: {} },
    });
  });

  it('keeps an upload event EventBridge cannot deliver in the dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ DeadLetterConfig: { Arn: Match.anyValue() }, RetryPolicy: Match.anyValue() })],
    });
  });

  it('reports partial batch failures and alarms on the dead-letter queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      AlarmActions: Match.anyValue(),
    });
  });

  it('lets functions touch only their prefixes of the uploads bucket', () => {
    const functionPolicies = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([id]) =>
      id.includes('Function'),
    );
    const s3Statements = functionPolicies
      .map(([, policy]) => policy)
      .flatMap((policy) =>
        policy.Properties.PolicyDocument.Statement.filter((st: { Action: string | string[] }) =>
          [st.Action].flat().some((a) => a.startsWith('s3:')),
        ),
      );
    expect(s3Statements.length).toBeGreaterThan(0);
    for (const statement of s3Statements) {
      for (const resource of [statement.Resource].flat()) {
        const suffix = resource['Fn::Join'][1].at(-1) as string;
        expect(suffix).toMatch(/^\/(incoming|receipts|quarantine|weekly)\/\*$/);
      }
    }
  });
});

describe('referral workflow', () => {
  it('is a Standard state machine that logs every event to an encrypted log group, with tracing', () => {
    const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    for (const machine of machines)
      expect(machine.Properties.EncryptionConfiguration).toMatchObject({
        Type: 'CUSTOMER_MANAGED_KMS_KEY',
        KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^StoreDataKey/), 'Arn'] },
      });
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
    });
    const machine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0];
    expect(machine?.Properties.DefinitionS3Location).toBeDefined();
    expect(Object.keys(machine?.Properties.DefinitionSubstitutions ?? {})).toEqual(['ReferralTaskFunctionArn']);
  });

  it('lets the API answer task tokens and the ingest function start executions, and nothing more on the workflow', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement,
    );
    const actions = statements
      .flatMap((st: { Action: string | string[] }) => [st.Action].flat())
      .filter((a: string) => a.startsWith('states:'));
    expect(actions).toEqual(
      expect.arrayContaining([
        'states:SendTaskSuccess',
        'states:SendTaskFailure',
        'states:SendTaskHeartbeat',
        'states:StartExecution',
      ]),
    );
    expect(actions).not.toContain('states:*');
  });

  it('sends email only from the configured identity', () => {
    const ses = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((st: { Action: string | string[] }) => [st.Action].flat().some((a) => a.startsWith('ses:')));
    expect(ses.length).toBeGreaterThan(0);
    for (const statement of ses)
      expect(statement.Condition).toEqual({
        StringEquals: { 'ses:FromAddress': 'outbound-noreply@outbound.example.gov' },
      });
  });
});

describe('reporting', () => {
  it('schedules the same cron expressions as the local cloud, with an explicit time zone', async () => {
    const { SCHEDULES } = await import('../../functions/shared/schedules.js');
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule'));
    expect(
      schedules.map((s) => [s.Properties.ScheduleExpression, s.Properties.ScheduleExpressionTimezone]).sort(),
    ).toEqual(SCHEDULES.map((s) => [s.expression, s.timezone]).sort());
    for (const schedule of schedules) {
      expect(JSON.parse(schedule.Properties.Target.Input).job).toMatch(/^(metrics|compliance|weekly-report)$/);
      expect(schedule.Properties.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
      expect(schedule.Properties.Target.DeadLetterConfig.Arn['Fn::GetAtt'][1]).toBe('Arn');
    }
  });

  it('sends a job run that fails every retry to an encrypted dead-letter queue', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Outbound jobs'),
      DeadLetterConfig: { TargetArn: Match.anyValue() },
    });
  });
});

describe('jobs on request', () => {
  it('lets the API start the jobs function and nothing the jobs themselves do (mail, report writes, record reads)', () => {
    const statements = Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([id]) => id.startsWith('ApiHandler'))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement) as Array<{
      Action: string | string[];
      Resource: unknown;
    }>;
    const actions = statements.flatMap((st) => [st.Action].flat());
    const [jobsId] = Object.keys(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('^Outbound jobs') },
      }),
    );
    expect(statements.filter((st) => [st.Action].flat().includes('lambda:InvokeFunction'))).toEqual([
      { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [jobsId, 'Arn'] } },
    ]);
    expect(actions.filter((a) => a.startsWith('ses:'))).toEqual([]);
    const resources = JSON.stringify(statements.map((st) => st.Resource));
    expect(resources).toMatch(/StoreMetricsTable/);
    expect(resources).not.toMatch(/StoreReports|StoreRecordsTable/);
  });
});

describe('surge workflow', () => {
  it('is a second logged, traced state machine that the API may start and stop', () => {
    const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(machines.map((m) => Object.keys(m.Properties.DefinitionSubstitutions)).sort()).toEqual([
      ['ReferralTaskFunctionArn'],
      ['SurgeTaskFunctionArn'],
    ]);
    const actions = Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([id]) => id.startsWith('ApiHandler'))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
      .flatMap((st: { Action: string | string[] }) => [st.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['states:StartExecution', 'states:StopExecution']));
  });
});

describe('cdk-nag', () => {
  it('passes the AwsSolutions, Serverless and NIST 800-53 rev 5 packs with no unacknowledged finding', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdk-nag-'));
    const app = new App({
      outdir: dir,
      context: { account: '111111111111', region: 'us-east-1', 'aws:cdk:bundling-stacks': [] },
    });
    buildApp(app);
    expect(() => app.synth()).not.toThrow();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails the synth on an unacknowledged finding', async () => {
    const { Bucket } = await import('aws-cdk-lib/aws-s3');
    const dir = mkdtempSync(join(tmpdir(), 'cdk-bad-'));
    const app = new App({
      outdir: dir,
      context: { account: '111111111111', region: 'us-east-1', 'aws:cdk:bundling-stacks': [] },
    });
    const bad = buildApp(app);
    new Bucket(bad.stack, 'Unprotected');
    expect(() => app.synth()).toThrow();
    rmSync(dir, { recursive: true, force: true });
  });
});
