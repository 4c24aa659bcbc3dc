// The HTTP API: Cognito issues the tokens, API Gateway checks them, one Lambda answers every route.
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { type CfnStage, HttpApi, HttpMethod, HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClient,
  type UserPoolDomain,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ROLES } from '../../functions/domain/auth.js';
import { OutboundFunction } from './outbound-function.js';

export interface ApiProps {
  logKey: IKey;
  /**
   * Where the web apps are served (CloudFront): the console at `/`, the field app at `/field/`. Sign-in sends users
   * back only there (the web hosting lets only this origin call the API).
   */
  webOrigin: string;
  /** The Cognito domain prefix of the managed sign-in pages. */
  signInDomainPrefix: string;
}

/** The web apps' sign-in clients: where each is served, and how long a signed-in device keeps its session. */
const WEB_CLIENTS = [
  // headquarters and supervisors at a desk: a working day
  { app: 'console', id: 'ConsoleClient', path: '/', refresh: Duration.hours(8) },
  // an officer's handheld signs in once per shift while online and captures offline; the session ends with the shift
  { app: 'field', id: 'FieldClient', path: '/field/', refresh: Duration.hours(12) },
] as const;

export type WebAppName = (typeof WEB_CLIENTS)[number]['app'];

/** The API's CORS answer: the headers and methods the web apps send (as the local API server answers it). */
export const API_CORS = { allowHeaders: ['authorization', 'content-type'], allowMethods: ['GET', 'POST', 'PUT'] };

export class Api extends Construct {
  readonly handler: OutboundFunction;
  readonly httpApi: HttpApi;
  readonly userPool: UserPool;
  /** The sign-in client of each web app. */
  readonly clients: Record<WebAppName, UserPoolClient>;
  /** Cognito's managed sign-in pages (authorize, token, logout). */
  readonly signInDomain: UserPoolDomain;
  /** The token issuer (discovery and JWKS), as the apps' `config.json` and the JWT authorizer name it. */
  readonly issuer: string;
  /** The issuer's origin (what a Content-Security-Policy names). */
  readonly issuerOrigin: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      // administrators change them (mutable), the users themselves never (no client may write them)
      customAttributes: {
        role: new StringAttribute({ mutable: true }),
        port: new StringAttribute({ mutable: true, minLen: 4, maxLen: 4 }),
        agency: new StringAttribute({ mutable: true, minLen: 3, maxLen: 8 }),
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.signInDomain = this.userPool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: props.signInDomainPrefix },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    for (const role of ROLES) new UserPoolGroup(this, `Group-${role}`, { userPool: this.userPool, groupName: role });
    const clients = WEB_CLIENTS.map(({ app: name, id: clientId, path, refresh }) => {
      const app = `${props.webOrigin.replace(/\/+$/, '')}${path}`;
      const client = new UserPoolClient(this, clientId, {
        userPool: this.userPool,
        // the managed sign-in pages only: no password or SRP exchange straight from an app
        authFlows: { user: false, userSrp: false, custom: false, adminUserPassword: false },
        // a public client (no secret) on the authorization-code flow, which the apps run with PKCE; no implicit flow
        generateSecret: false,
        oAuth: {
          flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
          scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
          callbackUrls: [app],
          logoutUrls: [app],
        },
        // role, port and agency are set by administrators only: a user who could write them could make themselves hq
        writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
        idTokenValidity: Duration.hours(1),
        accessTokenValidity: Duration.hours(1),
        refreshTokenValidity: refresh,
        enableTokenRevocation: true,
        preventUserExistenceErrors: true,
      });
      return [name, client] as const;
    });
    this.clients = Object.fromEntries(clients) as Record<WebAppName, UserPoolClient>;

    this.handler = new OutboundFunction(this, 'Handler', {
      handler: 'api',
      description: 'Outbound HTTP API',
      logKey: props.logKey,
      // its log holds the access audit line of every request (the role it was served under): kept as the stage's
      logRetention: RetentionDays.THIRTEEN_MONTHS,
    });

    // the access audit (who read or changed what): kept 13 months, beyond the year the program must keep it. The stage
    // can log only the token's claims; the role, port and agency a request was served under are in the function's
    // "api access" line of the same requestId (functions/api/access-log.ts)
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.THIRTEEN_MONTHS,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.issuerOrigin = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com`;
    this.issuer = `${this.issuerOrigin}/${this.userPool.userPoolId}`;
    const authorizer = new HttpJwtAuthorizer('Cognito', this.issuer, {
      jwtAudience: clients.map(([, client]) => client.userPoolClientId),
    });
    // no corsPreflight here: the allowed origin is the CloudFront distribution's domain, and the distribution's
    // Content-Security-Policy names this API, so the web hosting sets the API's CORS once both exist (web-hosting.ts)
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Outbound inspection program API',
      defaultAuthorizer: authorizer,
      createDefaultStage: false,
    });
    const stage = this.httpApi.addStage('LiveStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 200, burstLimit: 400 },
    });
    (stage.node.defaultChild as CfnStage).accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        time: '$context.requestTime',
        method: '$context.httpMethod',
        path: '$context.path',
        status: '$context.status',
        caller: '$context.authorizer.claims.sub',
        latencyMs: '$context.responseLatency',
      }),
    };
    const integration = new HttpLambdaIntegration('Lambda', this.handler.fn);
    const [health] = this.httpApi.addRoutes({
      path: '/health',
      methods: [HttpMethod.GET],
      integration,
      authorizer: new HttpNoneAuthorizer(),
    });
    if (health)
      Validations.of(health).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: 'The health check is public by design: it reveals only that the API is up.',
      });
    this.httpApi.addRoutes({ path: '/{proxy+}', methods: [HttpMethod.ANY], integration });
  }
}
