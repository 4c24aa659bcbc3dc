import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3UploadUrls } from '../../functions/adapters/s3-upload-urls.js';
import { FUNCTION_ENV, type FunctionName } from '../../functions/shared/function-env.js';
import { TABLE_SPECS } from '../../functions/shared/tables.js';
import { builtWebApps, HASHED_CACHE_CONTROL, PAGE_CACHE_CONTROL } from '../../infra/constructs/web-hosting.js';
import { WEB_ROUTING_CODE } from '../../infra/constructs/web-routing.js';
import { START_MODULE } from '../../infra/function-bundles.js';
import { buildApp, type OutboundApp } from '../../infra/outbound-app.js';
import { CORS_ALLOW_HEADERS, CORS_ALLOW_METHODS } from '../../local/api-server.js';
import { cacheControlFor } from '../../local/web-server.js';
import { securityHeaders } from '../../web/security-headers.js';

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
  // three cdk-nag packs over ~200 resources: near a minute on a loaded machine
}, 180_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const CERTIFICATE = 'arn:aws:acm:us-east-1:111111111111:certificate/0b7a5d0e-0000-4000-8000-000000000000';

/** The stack's template under other context values (bundling skipped, as above). */
function synthTemplate(context: Record<string, unknown>): Template {
  const app = new App({
    context: { account: '111111111111', region: 'us-east-1', 'aws:cdk:bundling-stacks': [], ...context },
  });
  return Template.fromStack(buildApp(app).stack);
}

/** A construct's logical id in the template. */
const logicalId = (construct: IConstruct): string =>
  built.stack.resolve((construct.node.defaultChild as CfnElement).logicalId);

/** A template value as text: a reference reads `<LogicalId>`, an attribute `<LogicalId.Attribute>`. */
// biome-ignore lint/suspicious/noExplicitAny: template values are untyped JSON
function render(value: unknown): any {
  if (Array.isArray(value)) return value.map(render);
  if (value === null || typeof value !== 'object') return value;
  const node = value as Record<string, unknown>;
  if (typeof node.Ref === 'string') return `<${node.Ref}>`;
  if (Array.isArray(node['Fn::GetAtt'])) return `<${(node['Fn::GetAtt'] as string[]).join('.')}>`;
  if (Array.isArray(node['Fn::Join'])) {
    const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map(render).join(separator);
  }
  return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, render(item)]));
}

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
    expect(policies).toHaveLength(Object.keys(template.findResources('AWS::S3::Bucket')).length);
    expect(policies).toHaveLength(4);
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

  it('puts a Cognito JWT authorizer on the API and keeps an access audit (who, what, answer) 13 months', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT' });
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    const format = JSON.parse(stage?.Properties.AccessLogSettings.Format);
    expect(format).toMatchObject({
      method: '$context.httpMethod',
      path: '$context.path',
      status: '$context.status',
      caller: '$context.authorizer.claims.sub',
    });
    // a claim is not the role a request was served under: the stage logs no claimed role, the function logs the real one
    expect(JSON.stringify(format)).not.toContain('custom:role');
    const apiFunction = Object.values(template.findResources('AWS::Lambda::Function')).find(
      (fn) => fn.Properties.Description === 'Outbound HTTP API',
    );
    const apiLogs = template.findResources('AWS::Logs::LogGroup')[apiFunction?.Properties.LoggingConfig.LogGroup.Ref];
    expect(apiLogs?.Properties.RetentionInDays).toBe(400);
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
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
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
    // (the web hosting's own policies, which deploy the site and set the uploads bucket's CORS rule, are checked under
    // "web hosting")
    const functionPolicies = Object.entries(template.findResources('AWS::IAM::Policy')).filter(
      ([id]) => !id.includes('StateMachine') && !id.includes('Scheduler') && !id.startsWith('Web'),
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
        if (resource['Fn::GetAtt']) {
          // a listing names the bucket itself, held to the folders by its s3:prefix condition
          expect(statement.Action).toBe('s3:ListBucket');
          for (const prefix of [statement.Condition.StringLike['s3:prefix']].flat()) {
            expect(prefix).toMatch(/^(incoming|receipts|quarantine|weekly|cost-benefit|infrastructure)\/\*$/);
          }
          continue;
        }
        const suffix = resource['Fn::Join'][1].at(-1) as string;
        expect(suffix).toMatch(/^\/(incoming|receipts|quarantine|weekly|cost-benefit|infrastructure)\/\*$/);
      }
    }
  });
});

describe('referral workflow', () => {
  it('is a Standard state machine that logs errors only, never execution data, to an encrypted log group, with tracing', () => {
    const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    for (const machine of machines)
      expect(machine.Properties.EncryptionConfiguration).toMatchObject({
        Type: 'CUSTOMER_MANAGED_KMS_KEY',
        KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^StoreDataKey/), 'Arn'] },
      });
    expect(machines).toHaveLength(2);
    for (const machine of machines)
      expect(machine.Properties).toMatchObject({
        StateMachineType: 'STANDARD',
        TracingConfiguration: { Enabled: true },
        LoggingConfiguration: { Level: 'ERROR', IncludeExecutionData: false },
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
      expect(JSON.parse(schedule.Properties.Target.Input).job).toMatch(
        /^(metrics|compliance|weekly-report|cost-benefit|infrastructure)$/,
      );
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
    expect(resources).not.toMatch(/StoreRecordsTable/);
    // GET /reports lists the reports and signs links to read them; writing them is the jobs' alone
    const reportWrites = statements.filter(
      (st) =>
        /StoreReports/.test(JSON.stringify(st.Resource)) &&
        [st.Action].flat().some((a) => !/^s3:(GetObject|ListBucket)/.test(a) && !a.startsWith('kms:Decrypt')),
    );
    expect(reportWrites).toEqual([]);
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

// biome-ignore lint/suspicious/noExplicitAny: template resources are untyped JSON
type Resource = { [key: string]: any };

const statementsOf = (policies: Record<string, Resource>) =>
  Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement) as Array<{
    Action: string | string[];
    Resource: unknown;
    Condition?: unknown;
  }>;

/** The project's functions in the template, by the name of their environment declaration. */
const PROJECT_FUNCTIONS: Record<string, FunctionName> = {
  'Outbound HTTP API': 'api',
  'Outbound ingest': 'ingest',
  'Outbound referral workflow steps': 'referrals',
  'Outbound surge workflow steps': 'surges',
  'Outbound jobs': 'jobs',
};
const functionName = (fn: Resource) =>
  Object.entries(PROJECT_FUNCTIONS).find(([prefix]) => String(fn.Properties.Description).startsWith(prefix))?.[1];
/** The project's functions (not the ones CDK provides for the web hosting's deployment and CORS settings). */
const projectFunctions = (t: Template) =>
  Object.fromEntries(Object.entries(t.findResources('AWS::Lambda::Function')).filter(([, fn]) => functionName(fn)));

describe('cognito (what the web apps sign in with)', () => {
  const clients = () => Object.values(template.findResources('AWS::Cognito::UserPoolClient'));

  it('lets no user write an attribute that decides access: role, port and agency are set by administrators only', () => {
    expect(clients()).toHaveLength(2);
    for (const client of clients()) {
      const writable: string[] = client.Properties.WriteAttributes;
      expect(writable.length).toBeGreaterThan(0);
      expect(writable.filter((a) => a.startsWith('custom:') || a === 'phone_number' || a === 'email')).toEqual([]);
    }
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      Schema: Match.arrayWith([Match.objectLike({ Name: 'agency', Mutable: true })]),
    });
  });

  it('signs in by the authorization-code flow only (no implicit flow, no app-side password exchange, no secret)', () => {
    for (const client of clients()) {
      expect(client.Properties).toMatchObject({
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        EnableTokenRevocation: true,
      });
      expect(client.Properties.GenerateSecret ?? false).toBe(false);
    }
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });

  it('sends users back only to the web apps (the console at /, the field app at /field/) on the distribution’s domain', () => {
    const urls = (t: Template) =>
      Object.values(t.findResources('AWS::Cognito::UserPoolClient'))
        .map((c) => [render(c.Properties.CallbackURLs), render(c.Properties.LogoutURLs)])
        .sort();
    const distribution = `https://<${logicalId(built.stack.web.distribution)}.DomainName>`;
    expect(urls(template)).toEqual([
      [[`${distribution}/`], [`${distribution}/`]],
      [[`${distribution}/field/`], [`${distribution}/field/`]],
    ]);
    // a custom domain (with its certificate) replaces it
    const custom = synthTemplate({ webOrigin: 'https://outbound.agency.example', webCertificateArn: CERTIFICATE });
    expect(urls(custom)).toEqual([
      [['https://outbound.agency.example/'], ['https://outbound.agency.example/']],
      [['https://outbound.agency.example/field/'], ['https://outbound.agency.example/field/']],
    ]);
  });

  it('recovers accounts by email, protects the pool from deletion, runs threat protection, keeps refresh tokens short', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      DeletionProtection: 'ACTIVE',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
    for (const client of clients()) {
      expect(client.Properties.TokenValidityUnits.RefreshToken).toBe('minutes');
      expect(client.Properties.RefreshTokenValidity).toBeLessThanOrEqual(12 * 60);
    }
  });
});

describe('web hosting (CloudFront: the console at /, the field app at /field/)', () => {
  const web = () => built.stack.web;
  const resource = (construct: IConstruct) => template.toJSON().Resources[logicalId(construct)] as Resource;
  const distribution = () => resource(web().distribution).Properties.DistributionConfig;
  const origin = () => `https://<${logicalId(web().distribution)}.DomainName>`;
  const deployments = () => {
    const found = template.findResources('Custom::CDKBucketDeployment') as Record<string, Resource>;
    const byId = (prefix: string) => Object.entries(found).find(([id]) => id.startsWith(prefix)) as [string, Resource];
    return { hashed: byId('WebHashedFiles'), pages: byId('WebPages') };
  };

  it('keeps the apps in a private, encrypted, versioned, access-logged bucket that only this distribution reads, through origin access control', () => {
    const bucket = resource(web().bucket).Properties;
    expect(bucket).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: logicalId(built.stack.data.accessLogsBucket) },
        LogFilePrefix: 'web/',
      },
    });
    const [policy] = Object.values(
      template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: logicalId(web().bucket) } } }),
    );
    const statements = render(policy?.Properties.PolicyDocument.Statement) as Resource[];
    expect(statements.filter((st) => st.Effect === 'Allow')).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Resource: `<${logicalId(web().bucket)}.Arn>/*`,
        Condition: {
          StringEquals: {
            'AWS:SourceArn': `arn:<AWS::Partition>:cloudfront::<AWS::AccountId>:distribution/<${logicalId(web().distribution)}>`,
          },
        },
      },
    ]);
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]),
    );

    const [s3Origin] = distribution().Origins;
    expect(render(s3Origin.DomainName)).toBe(`<${logicalId(web().bucket)}.RegionalDomainName>`);
    expect(s3Origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    const [oacId] = s3Origin.OriginAccessControlId['Fn::GetAtt'];
    expect(template.toJSON().Resources[oacId].Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
  });

  it('serves each app’s folder, opens a typed path in its app, and answers a missing file with a plain 404 page', () => {
    const config = distribution();
    expect(config).toMatchObject({
      DefaultRootObject: 'index.html',
      DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] },
      Logging: { Prefix: 'cloudfront/' },
    });
    // S3 answers a missing key with 403 (CloudFront may not list the bucket): neither S3 error reaches a browser
    expect(config.CustomErrorResponses).toEqual([
      { ErrorCode: 403, ResponseCode: 404, ResponsePagePath: '/404.html', ErrorCachingMinTTL: 10 },
      { ErrorCode: 404, ResponseCode: 404, ResponsePagePath: '/404.html', ErrorCachingMinTTL: 10 },
    ]);
    const [association] = config.DefaultCacheBehavior.FunctionAssociations;
    expect(association.EventType).toBe('viewer-request');
    const routing = template.toJSON().Resources[association.FunctionARN['Fn::GetAtt'][0]].Properties;
    expect(routing).toMatchObject({ FunctionCode: WEB_ROUTING_CODE, FunctionConfig: { Runtime: 'cloudfront-js-2.0' } });

    // the function as CloudFront runs it
    const handler = new Function(`${WEB_ROUTING_CODE}; return handler;`)() as (event: unknown) => Resource;
    const viewerRequest = (uri: string) => handler({ request: { uri, querystring: {}, headers: {} } });
    expect(viewerRequest('/').uri).toBe('/index.html');
    expect(viewerRequest('/field/').uri).toBe('/field/index.html');
    expect(viewerRequest('/ports/2304').uri).toBe('/index.html');
    expect(viewerRequest('/field/queue').uri).toBe('/field/index.html');
    expect(viewerRequest('/field/sw.js').uri).toBe('/field/sw.js');
    expect(viewerRequest('/chunks/plot-4KQ2ZQ.js').uri).toBe('/chunks/plot-4KQ2ZQ.js');
    expect(viewerRequest('/field')).toEqual({
      statusCode: 301,
      statusDescription: 'Moved Permanently',
      headers: { location: { value: '/field/' } },
    });
  });

  it('caches hashed files a year and keeps them across builds; revalidates the pages, sw.js and config.json on every load, as the local web server does', () => {
    const { hashed, pages } = deployments();
    expect(hashed[1].Properties).toMatchObject({
      Include: ['chunks/*', 'assets/*'],
      Exclude: ['*'],
      Prune: false,
      SystemMetadata: { 'cache-control': HASHED_CACHE_CONTROL },
    });
    expect(pages[1].Properties).toMatchObject({
      Exclude: ['chunks/*', 'assets/*'],
      Prune: true,
      SystemMetadata: { 'cache-control': PAGE_CACHE_CONTROL },
    });
    // one build for both, the hashed files deployed before the pages that name them
    expect(pages[1].Properties.SourceObjectKeys[0]).toBe(hashed[1].Properties.SourceObjectKeys[0]);
    expect(pages[1].DependsOn).toEqual(expect.arrayContaining([hashed[0]]));
    expect(distribution().DefaultCacheBehavior.CachePolicyId).toBe('658327ea-f89d-4fab-a63d-7e88639e58f6');
    for (const path of ['/chunks/map-3F2A.js', '/assets/font-9C1D.woff2'])
      expect(cacheControlFor(path)).toBe(HASHED_CACHE_CONTROL);
    for (const path of ['/index.html', '/console/app.js', '/field/index.html', '/field/sw.js', '/field/config.json'])
      expect(cacheControlFor(path)).toBe(PAGE_CACHE_CONTROL);
  });

  it('sends exactly the headers of web/security-headers.ts (what the local web server sends) from a response headers policy', () => {
    const config = resource(web().headersPolicy).Properties.ResponseHeadersPolicyConfig;
    const security = config.SecurityHeadersConfig;
    const hsts = security.StrictTransportSecurity;
    const sent = {
      'content-security-policy': security.ContentSecurityPolicy.ContentSecurityPolicy,
      'strict-transport-security': `max-age=${hsts.AccessControlMaxAgeSec}${hsts.IncludeSubdomains ? '; includeSubDomains' : ''}${hsts.Preload ? '; preload' : ''}`,
      ...(security.ContentTypeOptions ? { 'x-content-type-options': 'nosniff' } : {}),
      'x-frame-options': security.FrameOptions.FrameOption,
      'referrer-policy': security.ReferrerPolicy.ReferrerPolicy,
      'x-xss-protection': security.XSSProtection.Protection ? '1; mode=block' : '0',
      ...Object.fromEntries(
        config.CustomHeadersConfig.Items.map((item: Resource) => [item.Header, item.Value] as [string, string]),
      ),
    };
    expect(sent).toEqual(built.stack.resolve(securityHeaders(web().peers)));
    // the files' own metadata never overrides them
    for (const header of [...Object.values(security), ...config.CustomHeadersConfig.Items] as Resource[])
      expect(header.Override).toBe(true);
  });

  it('lets the apps connect to the API, Cognito (issuer and sign-in domain) and the uploads bucket, and nowhere else', async () => {
    const csp: string = render(
      resource(web().headersPolicy).Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy
        .ContentSecurityPolicy,
    );
    const directive = (name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));
    const { api } = built.stack;
    expect(directive('connect-src')).toBe(
      [
        "connect-src 'self'",
        `<${logicalId(api.httpApi)}.ApiEndpoint>`,
        'https://cognito-idp.us-east-1.amazonaws.com',
        `https://<${logicalId(api.signInDomain)}>.auth.us-east-1.amazoncognito.com`,
        `https://<${logicalId(built.stack.data.uploadsBucket)}.RegionalDomainName>`,
      ].join(' '),
    );
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
    // the presigned PUT goes to the bucket's regional domain, the origin the policy names
    const s3 = new S3Client({
      region: 'us-east-1',
      credentials: { accessKeyId: 'EXAMPLE', secretAccessKey: 'EXAMPLE' },
    });
    const { url } = await new S3UploadUrls(s3, 'outbound-uploads').presignPut('incoming/2304/b.jsonl', 60);
    expect(new URL(url).origin).toBe('https://outbound-uploads.s3.us-east-1.amazonaws.com');
  });

  it('writes each app’s config.json (the shape npm start writes): the API, Cognito’s issuer, the app’s own client, Cognito’s logout', () => {
    const pages = deployments().pages[1].Properties;
    const configs: Record<string, unknown> = {};
    pages.SourceObjectKeys.forEach((key: string, index: number) => {
      const dir = join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
      for (const file of ['config.json', 'field/config.json']) {
        if (!existsSync(join(dir, file))) continue;
        let text = readFileSync(join(dir, file), 'utf8');
        for (const [marker, value] of Object.entries(pages.SourceMarkers[index] as Record<string, unknown>))
          text = text.split(marker).join(render(value));
        configs[file] = JSON.parse(text);
      }
    });
    const { api } = built.stack;
    const expected = (client: IConstruct) => ({
      api: `<${logicalId(api.httpApi)}.ApiEndpoint>`,
      issuer: `https://cognito-idp.us-east-1.amazonaws.com/<${logicalId(api.userPool)}>`,
      clientId: `<${logicalId(client)}>`,
      logoutUrl: `https://<${logicalId(api.signInDomain)}>.auth.us-east-1.amazoncognito.com/logout`,
    });
    expect(configs).toEqual({
      'config.json': expected(api.clients.console),
      'field/config.json': expected(api.clients.field),
    });
  });

  it('lets only the apps’ origin call the API, and PUT to the uploads bucket with the headers the presign and the field app send', async () => {
    const call = (type: string, t: Template = template) => {
      const [found] = Object.values(t.findResources(type));
      return JSON.parse(render(found?.Properties.Create));
    };
    const { api } = built.stack;
    expect(call('Custom::ApiCors')).toMatchObject({
      service: 'ApiGatewayV2',
      action: 'UpdateApi',
      parameters: {
        ApiId: `<${logicalId(api.httpApi)}>`,
        CorsConfiguration: {
          AllowOrigins: [origin()],
          AllowHeaders: CORS_ALLOW_HEADERS.split(','),
          AllowMethods: CORS_ALLOW_METHODS.split(','),
        },
      },
    });
    // one owner of the API's CORS: the stack's own Api resource has none
    expect(resource(api.httpApi).Properties.CorsConfiguration).toBeUndefined();

    const s3 = new S3Client({
      region: 'us-east-1',
      credentials: { accessKeyId: 'EXAMPLE', secretAccessKey: 'EXAMPLE' },
    });
    const { headers } = await new S3UploadUrls(s3, 'outbound-uploads').presignPut('incoming/2304/b.jsonl', 60);
    const sent = [...Object.keys(headers).map((h) => h.toLowerCase()), 'content-type'].sort();
    const uploads = call('Custom::UploadsCors');
    expect(uploads).toMatchObject({ service: 'S3', action: 'PutBucketCors' });
    expect(uploads.parameters).toEqual({
      Bucket: `<${logicalId(built.stack.data.uploadsBucket)}>`,
      CORSConfiguration: {
        CORSRules: [{ AllowedOrigins: [origin()], AllowedMethods: ['PUT'], AllowedHeaders: sent, MaxAgeSeconds: 3600 }],
      },
    });
    // the settings' function may change exactly these two things
    const statements = render(
      statementsOf(
        template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp('Cors') } }),
      ),
    );
    expect(statements.map((st: Resource) => [st.Action, st.Resource])).toEqual([
      ['apigateway:PATCH', `arn:<AWS::Partition>:apigateway:us-east-1::/apis/<${logicalId(api.httpApi)}>`],
      ['apigateway:DELETE', `arn:<AWS::Partition>:apigateway:us-east-1::/apis/<${logicalId(api.httpApi)}>/cors`],
      ['s3:PutBucketCORS', `<${logicalId(built.stack.data.uploadsBucket)}.Arn>`],
    ]);

    // a custom domain (with its certificate in us-east-1): the same rules for that origin, TLS 1.2 at the viewer
    const custom = synthTemplate({ webOrigin: 'https://outbound.agency.example', webCertificateArn: CERTIFICATE });
    expect(call('Custom::ApiCors', custom).parameters.CorsConfiguration.AllowOrigins).toEqual([
      'https://outbound.agency.example',
    ]);
    expect(call('Custom::UploadsCors', custom).parameters.CORSConfiguration.CORSRules[0].AllowedOrigins).toEqual([
      'https://outbound.agency.example',
    ]);
    custom.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Aliases: ['outbound.agency.example'],
        ViewerCertificate: {
          AcmCertificateArn: CERTIFICATE,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
      },
    });
    expect(() => synthTemplate({ webOrigin: 'https://outbound.agency.example' })).toThrow('webCertificateArn');
    expect(() =>
      synthTemplate({ webOrigin: 'https://outbound.agency.example/console', webCertificateArn: CERTIFICATE }),
    ).toThrow('https://host with no path');
  });

  it('deploys what web/build.ts builds, built while the CDK app synthesizes (no Docker), with no local config.json in it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdk-web-'));
    const stack = new Stack(new App({ outdir: dir }), 'WebBuild');
    const { zipObjectKey } = builtWebApps().bind(stack, {
      handlerRole: new Role(stack, 'Deployer', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') }),
    });
    const site = join(dir, `asset.${zipObjectKey.replace(/\.zip$/, '')}`);
    const files = (readdirSync(site, { recursive: true }) as string[]).map((file) => file.split('\\').join('/'));
    expect(files).toEqual(
      expect.arrayContaining([
        'index.html',
        'console/app.js',
        'field/index.html',
        'field/sw.js',
        'field/shell.json',
        'field/manifest.webmanifest',
      ]),
    );
    expect(files.some((file) => /^chunks\/.+-[A-Z0-9]{8}\.js$/.test(file))).toBe(true);
    expect(files.filter((file) => file.endsWith('config.json'))).toEqual([]);
    // the field app's service worker keeps the config.json the deployment writes beside it
    expect(JSON.parse(readFileSync(join(site, 'field/shell.json'), 'utf8'))).toContain('/field/config.json');
    rmSync(dir, { recursive: true, force: true });
  }, 180_000);

  it('can be deployed in one pass: no dependency cycle (the headers policy names the API and the bucket, their CORS the distribution)', () => {
    const resources = template.toJSON().Resources as Record<string, Resource>;
    const references = (value: unknown, found: Set<string>): Set<string> => {
      if (Array.isArray(value)) for (const item of value) references(item, found);
      else if (value && typeof value === 'object') {
        const node = value as Record<string, unknown>;
        if (typeof node.Ref === 'string') found.add(node.Ref);
        if (Array.isArray(node['Fn::GetAtt'])) found.add((node['Fn::GetAtt'] as string[])[0] as string);
        for (const item of Object.values(node)) references(item, found);
      }
      return found;
    };
    const edges = Object.fromEntries(
      Object.entries(resources).map(([id, r]) => [
        id,
        [...references(r.Properties, new Set([r.DependsOn ?? []].flat()))].filter((to) => to in resources),
      ]),
    );
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[][] = [];
    const visit = (id: string, path: string[]) => {
      if (state.get(id) === 'done') return;
      if (state.get(id) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(id)), id]);
        return;
      }
      state.set(id, 'visiting');
      for (const to of edges[id] ?? []) visit(to, [...path, id]);
      state.set(id, 'done');
    };
    for (const id of Object.keys(resources)) visit(id, []);
    expect(cycles).toEqual([]);
  });
});

describe('least privilege', () => {
  const policies = () => template.findResources('AWS::IAM::Policy') as Record<string, Resource>;

  it('lets nothing delete an item, nor write the records or referral audit in batches (a batch write can delete)', () => {
    const statements = statementsOf(policies());
    const actions = statements.flatMap((st) => [st.Action].flat());
    expect(actions.filter((a) => a.startsWith('dynamodb:')).length).toBeGreaterThan(0);
    expect(actions).not.toContain('dynamodb:DeleteItem');
    expect(actions.filter((a) => /^dynamodb:.*\*/.test(a) || a === '*')).toEqual([]);
    const tables = template.findResources('AWS::DynamoDB::Table');
    const appendOnly = Object.keys(tables).filter((id) => /^Store(Records|Referrals)Table/.test(id));
    expect(appendOnly).toHaveLength(2);
    for (const st of statements) {
      const resources = JSON.stringify(st.Resource);
      if (appendOnly.some((id) => resources.includes(`"${id}"`)))
        expect([st.Action].flat(), resources).not.toContain('dynamodb:BatchWriteItem');
    }
  });

  it('gives no role an AWS-managed policy, and each function exactly its own log group to write', () => {
    for (const [id, role] of Object.entries(template.findResources('AWS::IAM::Role')))
      expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(Object.values(projectFunctions(template)).map(functionName).sort()).toEqual(
      Object.keys(FUNCTION_ENV).sort(),
    );
    // besides them, only the two CDK provides for the web hosting (site deployment, CORS settings), on its own role
    const provided = functions.filter((fn) => !functionName(fn));
    expect(provided).toHaveLength(2);
    for (const fn of provided) expect(fn.Properties.Role['Fn::GetAtt'][0]).toMatch(/^WebFunctionRole/);
    for (const fn of functions) {
      const roleId = fn.Properties.Role['Fn::GetAtt'][0];
      const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref;
      const own = Object.values(policies()).filter((p) =>
        p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId),
      );
      const logs = statementsOf(Object.fromEntries(own.map((p, i) => [i, p]))).filter((st) =>
        [st.Action].flat().some((a) => a.startsWith('logs:')),
      );
      expect(logs, fn.Properties.Description).toEqual([
        expect.objectContaining({
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
        }),
      ]);
    }
  });

  it('lets EventBridge put into the ingest queues for the upload rule only', () => {
    const [ruleId] = Object.keys(template.findResources('AWS::Events::Rule'));
    const queuePolicies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    const fromEvents = queuePolicies
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((st: { Principal?: { Service?: string } }) => st.Principal?.Service === 'events.amazonaws.com');
    expect(fromEvents).toHaveLength(2);
    for (const st of fromEvents)
      expect(st).toMatchObject({
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } } },
      });
  });
});

describe('mail', () => {
  it('sends every mail through a configuration set that requires TLS for delivery', () => {
    const sets = template.findResources('AWS::SES::ConfigurationSet');
    const [setId] = Object.keys(sets);
    expect(Object.values(sets)).toEqual([
      expect.objectContaining({ Properties: expect.objectContaining({ DeliveryOptions: { TlsPolicy: 'REQUIRE' } }) }),
    ]);
    const senders = Object.values(projectFunctions(template)).filter((fn) =>
      FUNCTION_ENV[functionName(fn) as FunctionName].includes('MAIL_FROM' as never),
    );
    expect(senders.map(functionName).sort()).toEqual(['jobs', 'referrals', 'surges']);
    for (const fn of senders)
      expect(fn.Properties.Environment.Variables.MAIL_CONFIGURATION_SET, fn.Properties.Description).toEqual({
        Ref: setId,
      });
    for (const st of statementsOf(template.findResources('AWS::IAM::Policy') as Record<string, Resource>)) {
      if (![st.Action].flat().includes('ses:SendEmail')) continue;
      expect(JSON.stringify(st.Resource)).toContain(`configuration-set/",{"Ref":"${setId}"}`);
    }
  });
});

describe('alarms and the dashboard', () => {
  const alarms = () => Object.values(template.findResources('AWS::CloudWatch::Alarm'));
  const alarmOn = (metric: string, dimension: string, id: string) =>
    alarms().filter(
      (a) =>
        a.Properties.MetricName === metric &&
        a.Properties.Dimensions?.some(
          (d: { Name: string; Value: unknown }) => d.Name === dimension && JSON.stringify(d.Value).includes(`"${id}"`),
        ),
    );

  it('alarms on every function’s errors and throttles, and every state machine’s failed and timed-out executions', () => {
    // (the web hosting's deployment functions fail the deployment itself, which CloudFormation reports)
    for (const id of Object.keys(projectFunctions(template))) {
      expect(alarmOn('Errors', 'FunctionName', id), id).toHaveLength(1);
      expect(alarmOn('Throttles', 'FunctionName', id), id).toHaveLength(1);
    }
    const machines = Object.keys(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(machines).toHaveLength(2);
    for (const id of machines) {
      expect(alarmOn('ExecutionsFailed', 'StateMachineArn', id), id).toHaveLength(1);
      expect(alarmOn('ExecutionsTimedOut', 'StateMachineArn', id), id).toHaveLength(1);
    }
  });

  it('alarms on the API’s 5xx rate and the age of the oldest upload in the ingest queue, each to the operators', () => {
    const rate = alarms().find((a) => JSON.stringify(a.Properties.Metrics ?? []).includes('100 * errors / requests'));
    expect(JSON.stringify(rate?.Properties.Metrics)).toContain('"5xx"');
    const queue = Object.keys(template.findResources('AWS::SQS::Queue')).find((id) => id.startsWith('IngestUploads'));
    expect(alarmOn('ApproximateAgeOfOldestMessage', 'QueueName', queue as string)).toHaveLength(1);
    for (const alarm of alarms()) expect(alarm.Properties.AlarmActions).toHaveLength(1);
  });

  it('has one dashboard with ingest throughput and receipt outcomes beside the alarms', () => {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);
    for (const metric of [
      'UploadsAnswered',
      'ReceiptAccepted',
      'ReceiptRejected',
      'ReceiptConflicts',
      'NumberOfMessagesSent',
      'MonitoringApi5xxRate',
      'MonitoringIngestQueueOldestMessage',
      'ExecutionsFailed',
      'Throttles',
    ])
      expect(body).toContain(metric);
    const filters = Object.values(template.findResources('AWS::Logs::MetricFilter'));
    expect(filters.map((f) => f.Properties.MetricTransformations[0].MetricName).sort()).toEqual([
      'ReceiptAccepted',
      'ReceiptConflicts',
      'ReceiptDuplicates',
      'ReceiptReceived',
      'ReceiptRejected',
      'UploadsAnswered',
    ]);
  });
});

describe('configuration that reaches AWS', () => {
  // no NODE_OPTIONS either: `--enable-source-maps` parsed each bundle's source map at every cold start (25–35 ms)
  const PLATFORM = new Set(['POWERTOOLS_SERVICE_NAME']);

  it('sets on each function exactly the variables its config declaration requires', () => {
    const functions = Object.values(projectFunctions(template));
    expect(functions).toHaveLength(Object.keys(FUNCTION_ENV).length);
    for (const fn of functions) {
      const name = functionName(fn) as FunctionName;
      const set = Object.keys(fn.Properties.Environment.Variables).filter((v) => !PLATFORM.has(v));
      expect(set.sort(), name).toEqual([...FUNCTION_ENV[name]].sort());
    }
  });

  it('starts each function from its start file, which loads the SDK packages and then the bundle', () => {
    const functions = Object.values(projectFunctions(template));
    expect(functions.map((fn) => fn.Properties.Handler)).toEqual(functions.map(() => `${START_MODULE}.handler`));
  });

  it('sets the referral SLAs on the function that starts referrals, from the context', () => {
    const synthWith = (context: Record<string, unknown>) =>
      Template.fromStack(
        buildApp(
          new App({
            context: { account: '111111111111', region: 'us-east-1', 'aws:cdk:bundling-stacks': [], ...context },
          }),
        ).stack,
      );
    const ingestEnv = (t: Template) =>
      Object.values(t.findResources('AWS::Lambda::Function')).find((fn) => functionName(fn) === 'ingest')?.Properties
        .Environment.Variables;
    expect(ingestEnv(template)).toMatchObject({
      REFERRAL_DECISION_SLA_SECONDS: '86400',
      REFERRAL_AGENCY_SLA_SECONDS: '259200',
    });
    expect(ingestEnv(synthWith({ referralDecisionSlaSeconds: 7200, referralAgencySlaSeconds: 14400 }))).toMatchObject({
      REFERRAL_DECISION_SLA_SECONDS: '7200',
      REFERRAL_AGENCY_SLA_SECONDS: '14400',
    });
    expect(() => synthWith({ referralDecisionSlaSeconds: 0 })).toThrow('referralDecisionSlaSeconds');
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

  it('passes them with a custom domain too (TLS 1.2 at the viewer: no acknowledgement of the default certificate)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdk-nag-'));
    const app = new App({
      outdir: dir,
      context: {
        account: '111111111111',
        region: 'us-east-1',
        'aws:cdk:bundling-stacks': [],
        webOrigin: 'https://outbound.agency.example',
        webCertificateArn: CERTIFICATE,
      },
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
