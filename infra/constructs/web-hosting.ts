// Serving the web apps (the console at /, the field app at /field/): a private bucket behind CloudFront with origin
// access control, the same security headers as the local web server, the apps built by web/build.ts with the
// config.json each reads, and what their origin may reach (the API and the uploads bucket, by CORS).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, CfnOutput, DockerImage, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  type ResponseHeadersPolicyProps,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, type ISource, Source } from 'aws-cdk-lib/aws-s3-deployment';
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  type AwsSdkCall,
  Logging,
  PhysicalResourceId,
} from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { securityHeaders, type WebConfig, type WebPeers } from '../../web/security-headers.js';
import { API_CORS, type Api, type WebAppName } from './api.js';
import { WEB_ROUTING_CODE } from './web-routing.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** Output folders of web/build.ts whose file names carry a content hash: cached for a year, never pruned. */
export const HASHED_FOLDERS = ['chunks', 'assets'] as const;
export const HASHED_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** Everything else (index.html, app.js, sw.js, shell.json, config.json) is checked again on every load. */
export const PAGE_CACHE_CONTROL = 'no-cache';

/** What the uploads bucket lets the field app's origin do: PUT a batch with the headers the presign signs. */
export const UPLOADS_CORS = {
  allowedMethods: ['PUT'],
  allowedHeaders: ['content-type', 'if-none-match'],
  maxAge: 3600,
};

/** Where each app is served, as web/build.ts lays the site out. */
const APP_PATHS: Record<WebAppName, string> = { console: '', field: 'field/' };

const NOT_FOUND_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Not found</title></head>
<body><h1>Not found</h1><p>There is nothing at this address. <a href="/">Outbound console</a> · <a href="/field/">Outbound field</a></p></body>
</html>
`;

export interface WebHostingProps {
  api: Api;
  uploadsBucket: IBucket;
  /** Where the bucket's and the distribution's access logs go (the project's access-log bucket). */
  accessLogs: IBucket;
  /** Encrypts the log group of the deployment and CORS functions. */
  logKey: IKey;
  /** A custom domain (`https://host`) and its ACM certificate in us-east-1; CloudFront's own domain when absent. */
  customDomain?: { origin: string; certificateArn: string };
}

export class WebHosting extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly headersPolicy: ResponseHeadersPolicy;
  /** The apps' origin, `https://…` with no path: the distribution's domain, or the custom domain. */
  readonly origin: string;
  /** The origins the apps call, as their Content-Security-Policy names them. */
  readonly peers: WebPeers;
  /** Each app's config.json. */
  readonly configs: Record<WebAppName, WebConfig>;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    const { api } = props;

    this.bucket = new Bucket(this, 'Site', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'web/',
      // each deployment replaces the pages; earlier versions are kept a month to roll back by hand
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.bucket).acknowledge(
      {
        id: 'NIST.800.53.R5-S3DefaultEncryptionKMS',
        reason:
          'The bucket holds only the web apps’ built code, which CloudFront serves to anyone who asks; SSE-S3 encrypts it at rest. A KMS key would have to let every distribution of the account decrypt (its policy cannot name this distribution without a dependency cycle) and would add a KMS call to each origin fetch, for no secret kept.',
      },
      {
        id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
        reason: 'The site is rebuilt from the repository by every deployment; there is nothing to replicate.',
      },
    );

    this.peers = {
      api: api.httpApi.apiEndpoint,
      auth: api.issuerOrigin,
      signIn: api.signInDomain.baseUrl(),
      uploads: `https://${props.uploadsBucket.bucketRegionalDomainName}`,
    };
    this.headersPolicy = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'Outbound web apps: the headers of web/security-headers.ts',
      ...headersPolicyBehaviors(securityHeaders(this.peers)),
    });

    const routing = new EdgeFunction(this, 'Routing', {
      code: FunctionCode.fromInline(WEB_ROUTING_CODE),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Outbound web apps: each folder serves its index.html',
    });
    const custom = props.customDomain;
    if (custom && !/^https:\/\/[a-z0-9.-]+$/i.test(custom.origin))
      throw new Error(`webOrigin must be https://host with no path, not ${custom.origin}`);
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Outbound web apps',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        // honours each file's Cache-Control (below): hashed files a year, the rest revalidated
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headersPolicy,
        functionAssociations: [{ function: routing, eventType: FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      // a key not in the bucket is a 403 from S3 (no list permission): shown as a plain 404 page, never S3's XML
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 404,
        responsePagePath: '/404.html',
        ttl: Duration.seconds(10),
      })),
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: 'cloudfront/',
      ...(custom
        ? {
            domainNames: [new URL(custom.origin).hostname],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', custom.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    this.origin = custom?.origin ?? `https://${this.distribution.distributionDomainName}`;
    new CfnOutput(this, 'ConsoleUrl', {
      description: 'The console (headquarters, supervisors, investigators)',
      value: `${this.origin}/`,
    });
    new CfnOutput(this, 'FieldAppUrl', {
      description: 'The field app (officers’ handhelds)',
      value: `${this.origin}/field/`,
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'The distribution serves only the apps’ static code, which holds no data (every read needs a Cognito sign-in at the API); officers’ handhelds at the land crossings may roam onto Canadian or Mexican networks, which a geo restriction would cut off.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The distribution serves static files from a private bucket with GET and HEAD only; there is no server-side input for a WAF rule to inspect, and the API it calls is protected by its JWT authorizer and stage throttling.',
      },
    );
    if (!custom)
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'No custom domain was given, so the distribution uses CloudFront’s default certificate, with which CloudFront does not let the minimum viewer TLS version be set; with -c webOrigin and -c webCertificateArn it requires TLS 1.2 (TLSv1.2_2021).',
      });

    // the shape local/cloud.ts writes, plus Cognito's logout endpoint (it has no OIDC end_session_endpoint)
    const shared = {
      api: api.httpApi.apiEndpoint,
      issuer: api.issuer,
      logoutUrl: `${api.signInDomain.baseUrl()}/logout`,
    };
    this.configs = {
      console: { ...shared, clientId: api.clients.console.userPoolClientId },
      field: { ...shared, clientId: api.clients.field.userPoolClientId },
    };

    const functions = this.functionRole(props.logKey);
    this.deploy(builtWebApps(), functions);
    this.allowOrigin(api, props.uploadsBucket, functions);
  }

  /** The role and log group of the two CDK-provided functions here (the site deployment, the CORS settings). */
  private functionRole(logKey: IKey): { role: Role; logGroup: LogGroup } {
    const logGroup = new LogGroup(this, 'FunctionLogs', {
      retention: RetentionDays.ONE_YEAR,
      encryptionKey: logKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // no AWS-managed policy: its own log group, then the grants each deployment adds
    const role = new Role(this, 'FunctionRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Outbound web hosting: deploys the built apps and sets the CORS rules for their origin',
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    Validations.of(role).acknowledge({ id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: OWN_POLICY });
    return { role, logGroup };
  }

  /**
   * Two deployments of the one build: the hashed files first, cached a year and never pruned (a page still open, or
   * a field app's service worker, may ask for the previous build's chunks); then the pages, config.json and the 404
   * page, revalidated on each load and pruned, so a new build is what the next load and the next service-worker
   * update check see. Nothing is invalidated: the hashed files never change, and CloudFront keeps a `no-cache` file
   * at most the cache policy's minimum of one second.
   */
  private deploy(site: ISource, functions: { role: Role; logGroup: LogGroup }): void {
    const common = { destinationBucket: this.bucket, role: functions.role, logGroup: functions.logGroup };
    const hashed = HASHED_FOLDERS.map((folder) => `${folder}/*`);
    const hashedFiles = new BucketDeployment(this, 'HashedFiles', {
      ...common,
      sources: [site],
      exclude: ['*'],
      include: hashed,
      prune: false,
      cacheControl: [CacheControl.fromString(HASHED_CACHE_CONTROL)],
    });
    const pages = new BucketDeployment(this, 'Pages', {
      ...common,
      sources: [
        site,
        ...Object.entries(this.configs).map(([app, config]) =>
          Source.jsonData(`${APP_PATHS[app as WebAppName]}config.json`, config),
        ),
        Source.data('404.html', NOT_FOUND_PAGE),
      ],
      exclude: hashed,
      cacheControl: [CacheControl.fromString(PAGE_CACHE_CONTROL)],
    });
    pages.node.addDependency(hashedFiles);
    const stack = Stack.of(this);
    const siteArn = `<${stack.resolve((this.bucket.node.defaultChild as CfnBucket).logicalId)}.Arn>`;
    const handler = stack.node.findAll().find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    const partition = Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition;
    const assets = `Resource::arn:${partition}:s3:::cdk-hnb659fds-assets-${stack.account}-${stack.region}/*`;
    Validations.of(functions.role).acknowledge(
      {
        id: `AwsSolutions-IAM5[${assets}]`,
        reason: 'The deployment reads the build from the CDK asset bucket; asset objects are named by content hash.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${siteArn}/*]`,
        reason:
          'The deployment writes and prunes the site’s objects: every key of the site bucket, and no other bucket.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:GetObject*]',
        reason:
          'CDK’s deployment grant (read the build and the site); limited to the asset objects and the site bucket.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:GetBucket*]',
        reason: 'CDK’s deployment grant (the sync compares the site bucket); limited to the asset and site buckets.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:List*]',
        reason: 'CDK’s deployment grant (the sync lists the site); limited to the asset and site buckets.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        reason: 'The pages deployment prunes the previous build’s pages from the site bucket, and no other bucket.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::s3:Abort*]',
        reason: 'CDK’s deployment grant (abort its own multipart uploads); limited to the site bucket.',
      },
    );
    if (handler) {
      acknowledgeProvidedFunction(handler, 'deploys the built web apps into the site bucket');
      const runtime =
        'CDK provides the deployment function and pins its runtime (Python, with the AWS CLI layer it needs); a newer runtime comes with a CDK upgrade.';
      Validations.of(handler).acknowledge(
        { id: 'AwsSolutions-L1', reason: runtime },
        { id: 'Serverless-LambdaLatestVersion', reason: runtime },
      );
    }
  }

  /**
   * CORS for the apps' origin on the API and the uploads bucket. Set by SDK calls once the distribution exists: its
   * headers policy names the API and the bucket, so their own CloudFormation properties cannot name the distribution
   * (a dependency cycle). A custom domain is a plain string, but one path for both keeps the rules in one place.
   */
  private allowOrigin(api: Api, uploads: IBucket, functions: { role: Role; logGroup: LogGroup }): void {
    const stack = Stack.of(this);
    const apiArn = `arn:${stack.partition}:apigateway:${stack.region}::/apis/${api.httpApi.apiId}`;
    const call = (service: string, action: string, parameters: Record<string, unknown>, id: string): AwsSdkCall => ({
      service,
      action,
      parameters,
      physicalResourceId: PhysicalResourceId.of(id),
      logging: Logging.withDataHidden(),
    });
    const apiCors = call(
      'ApiGatewayV2',
      'UpdateApi',
      {
        ApiId: api.httpApi.apiId,
        CorsConfiguration: {
          AllowOrigins: [this.origin],
          AllowHeaders: API_CORS.allowHeaders,
          AllowMethods: API_CORS.allowMethods,
          MaxAge: 600,
        },
      },
      'outbound-api-cors',
    );
    const apiCorsResource = new AwsCustomResource(this, 'ApiCors', {
      resourceType: 'Custom::ApiCors',
      onCreate: apiCors,
      onUpdate: apiCors,
      onDelete: call('ApiGatewayV2', 'DeleteCorsConfiguration', { ApiId: api.httpApi.apiId }, 'outbound-api-cors'),
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({ actions: ['apigateway:PATCH'], resources: [apiArn] }),
        new PolicyStatement({ actions: ['apigateway:DELETE'], resources: [`${apiArn}/cors`] }),
      ]),
      role: functions.role,
      logGroup: functions.logGroup,
      installLatestAwsSdk: false,
      memorySize: 256,
    });

    const uploadsCors = call(
      'S3',
      'PutBucketCors',
      {
        Bucket: uploads.bucketName,
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedOrigins: [this.origin],
              AllowedMethods: UPLOADS_CORS.allowedMethods,
              AllowedHeaders: UPLOADS_CORS.allowedHeaders,
              MaxAgeSeconds: UPLOADS_CORS.maxAge,
            },
          ],
        },
      },
      'outbound-uploads-cors',
    );
    const uploadsCorsResource = new AwsCustomResource(this, 'UploadsCors', {
      resourceType: 'Custom::UploadsCors',
      onCreate: uploadsCors,
      onUpdate: uploadsCors,
      onDelete: call('S3', 'DeleteBucketCors', { Bucket: uploads.bucketName }, 'outbound-uploads-cors'),
      // PutBucketCors and DeleteBucketCors are both authorized by s3:PutBucketCORS
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({ actions: ['s3:PutBucketCORS'], resources: [uploads.bucketArn] }),
      ]),
      role: functions.role,
      logGroup: functions.logGroup,
      installLatestAwsSdk: false,
      memorySize: 256,
    });
    for (const resource of [apiCorsResource, uploadsCorsResource])
      Validations.of(resource).acknowledge({ id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: OWN_POLICY });
    const handler = stack.node.findAll().find((c) => c.node.id.startsWith('AWS679f53fac002430cb0da5b7982bd2287'));
    if (handler) acknowledgeProvidedFunction(handler, 'sets the CORS rules of the API and the uploads bucket');
  }
}

const OWN_POLICY =
  'The role serves only the two CDK-provided functions of the web hosting; its policies are generated from the grants here and live and die with it.';

/** The findings on a function CDK provides (its code and runtime are CDK's), each with why it does not apply. */
function acknowledgeProvidedFunction(fn: Construct, job: string): void {
  const once = `The function ${job} once per deployment, called by CloudFormation, which retries and reports a failure itself`;
  Validations.of(fn).acknowledge(
    { id: 'NIST.800.53.R5-LambdaDLQ', reason: `${once}; it is never invoked asynchronously.` },
    { id: 'Serverless-LambdaDLQ', reason: `${once}; it is never invoked asynchronously.` },
    { id: 'NIST.800.53.R5-LambdaConcurrency', reason: `${once}; it never runs concurrently with itself.` },
    {
      id: 'NIST.800.53.R5-LambdaInsideVPC',
      reason: `${once}, and reaches only S3, API Gateway and CloudFormation endpoints with IAM-authenticated TLS calls.`,
    },
    { id: 'Serverless-LambdaTracing', reason: `${once}; CDK provides its code, which has no tracing to record.` },
  );
}

/**
 * A CloudFront response headers policy that sends exactly the headers of web/security-headers.ts: each header with a
 * dedicated field goes there (parsed from the header's value), the rest as custom headers. A value CloudFront cannot
 * express stops the synth rather than being dropped.
 */
export function headersPolicyBehaviors(
  headers: Readonly<Record<string, string>>,
): Pick<ResponseHeadersPolicyProps, 'securityHeadersBehavior' | 'customHeadersBehavior'> {
  const rest: Record<string, string> = { ...headers };
  const take = (name: string): string => {
    const value = rest[name];
    if (value === undefined) throw new Error(`web/security-headers.ts sends no ${name}`);
    delete rest[name];
    return value;
  };
  const refuse = (name: string, value: string): never => {
    throw new Error(`a CloudFront response headers policy cannot send ${name}: ${value}`);
  };
  const csp = take('content-security-policy');
  const hstsValue = take('strict-transport-security');
  const hsts = /^max-age=(\d+)(; includeSubDomains)?(; preload)?$/.exec(hstsValue) ?? refuse('hsts', hstsValue);
  const nosniff = take('x-content-type-options');
  if (nosniff !== 'nosniff') refuse('x-content-type-options', nosniff);
  const frame = take('x-frame-options');
  const frameOption =
    frame === 'DENY' ? HeadersFrameOption.DENY : frame === 'SAMEORIGIN' ? HeadersFrameOption.SAMEORIGIN : undefined;
  const referrer = take('referrer-policy');
  const referrerPolicy = Object.values(HeadersReferrerPolicy).find((policy) => policy === referrer);
  const xss = take('x-xss-protection');
  if (xss !== '0' && xss !== '1; mode=block') refuse('x-xss-protection', xss);
  return {
    securityHeadersBehavior: {
      contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
      strictTransportSecurity: {
        accessControlMaxAge: Duration.seconds(Number(hsts[1])),
        includeSubdomains: Boolean(hsts[2]),
        preload: Boolean(hsts[3]),
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: frameOption ?? refuse('x-frame-options', frame), override: true },
      referrerPolicy: { referrerPolicy: referrerPolicy ?? refuse('referrer-policy', referrer), override: true },
      xssProtection:
        xss === '0' ? { protection: false, override: true } : { protection: true, modeBlock: true, override: true },
    },
    customHeadersBehavior: {
      customHeaders: Object.entries(rest).map(([header, value]) => ({ header, value, override: true })),
    },
  };
}

/** The apps as web/build.ts builds them for `npm start`, built while the CDK app is synthesized (no Docker). */
export function builtWebApps(): ISource {
  return Source.asset(join(REPO, 'web'), {
    // the build also takes the domain's schemas and node_modules: the asset is named by what was built
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // never pulled: the local build below always runs or fails the synth
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24-slim'),
      local: {
        tryBundle(outputDir: string) {
          const build = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'web', 'build.ts'), outputDir], {
            cwd: REPO,
            stdio: ['ignore', 'ignore', 'inherit'],
          });
          if (build.status !== 0) throw new Error(`web/build.ts failed (exit ${build.status ?? build.signal})`);
          return true;
        },
      },
    },
  });
}
