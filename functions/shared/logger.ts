// One structured logger per process (Powertools); records carry no personal data, only ids and counts.
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'outbound' });
