// Every route of the API in one table: the router, the authorization matrix test and the docs read it.
import type { ApiDeps } from '../deps.js';
import type { Route } from '../router.js';
import { borderRoutes } from './borders.js';
import { healthRoutes } from './health.js';
import { jobRoutes } from './jobs.js';
import { metricsRoutes } from './metrics.js';
import { portRoutes } from './ports.js';
import { referralRoutes } from './referrals.js';
import { reportRoutes } from './reports.js';
import { surgeRoutes } from './surges.js';
import { uploadRoutes } from './uploads.js';

export const ROUTES: readonly Route<ApiDeps>[] = [
  ...healthRoutes<ApiDeps>(),
  ...portRoutes(),
  ...uploadRoutes(),
  ...referralRoutes(),
  ...metricsRoutes(),
  ...jobRoutes(),
  ...borderRoutes(),
  ...surgeRoutes(),
  ...reportRoutes(),
];
