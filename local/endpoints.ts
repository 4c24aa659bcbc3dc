// What `npm start` writes to .outbound/endpoints.json: every local service's address and the resources' names.
export interface Endpoints {
  api: string;
  /** The OIDC provider (the issuer of the local tokens). */
  auth: string;
  /** The web apps: the console at `/`, the field app at `/field/`. */
  web: string;
  s3: string;
  dynamodb: string;
  stepfunctions: string;
  ses: string;
  sesViewer: string;
  lambda: string;
  region: string;
  uploadsBucket: string;
  reportsBucket: string;
  tables: Record<string, string>;
  stateMachines: Record<string, string>;
}
