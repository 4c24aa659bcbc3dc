// The HTTP API: Cognito issues the tokens, API Gateway checks them, one Lambda answers every route.
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { type CfnStage, CorsHttpMethod, HttpApi, HttpMethod, HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClient,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ROLES } from '../../functions/domain/auth.js';
import { OutboundFunction } from './outbound-function.js';

export interface ApiProps {
  logKey: IKey;
}

export class Api extends Construct {
  readonly handler: OutboundFunction;
  readonly httpApi: HttpApi;
  readonly userPool: UserPool;

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
      customAttributes: {
        role: new StringAttribute({ mutable: true }),
        port: new StringAttribute({ mutable: true, minLen: 4, maxLen: 4 }),
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES) new UserPoolGroup(this, `Group-${role}`, { userPool: this.userPool, groupName: role });
    const client = new UserPoolClient(this, 'ConsoleClient', {
      userPool: this.userPool,
      authFlows: { userSrp: true },
      // role and port are set by administrators only: a user who could write them could make themselves hq
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true, phoneNumber: true }),
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      preventUserExistenceErrors: true,
    });

    this.handler = new OutboundFunction(this, 'Handler', {
      entry: fileURLToPath(new URL('../../functions/api/handler.ts', import.meta.url)),
      description: 'Outbound HTTP API',
      logKey: props.logKey,
    });

    // the access audit (who read or changed what): kept 13 months, beyond the year the program must keep it
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.THIRTEEN_MONTHS,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const region = Stack.of(this).region;
    const authorizer = new HttpJwtAuthorizer(
      'Cognito',
      `https://cognito-idp.${region}.amazonaws.com/${this.userPool.userPoolId}`,
      {
        jwtAudience: [client.userPoolClientId],
      },
    );
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Outbound inspection program API',
      defaultAuthorizer: authorizer,
      corsPreflight: {
        allowOrigins: ['*'],
        allowHeaders: ['authorization', 'content-type'],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT],
      },
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
        role: '$context.authorizer.claims.custom:role',
        port: '$context.authorizer.claims.custom:port',
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
