// Who may call each route: every route has its row, and test/integration/authorization.test.ts checks each cell
// against the running API. A route added without a row fails that test.
import type { Role } from '../../domain/auth.js';

/**
 * allow: answered (not 401, 403 or 404); forbidden: 403; hidden: 404 (the caller may not know it exists);
 * own-port: allowed at the caller's port, forbidden or hidden at another.
 */
export type Access = 'allow' | 'forbidden' | 'hidden' | 'own-port';

export const ACCESS_MATRIX: Record<string, Record<Role, Access>> = {
  'GET /health': { officer: 'allow', supervisor: 'allow', hq: 'allow', investigator: 'allow' },
  'GET /ports': { officer: 'allow', supervisor: 'allow', hq: 'allow', investigator: 'allow' },
  'GET /ports/{code}': { officer: 'allow', supervisor: 'allow', hq: 'allow', investigator: 'allow' },
  'POST /uploads': { officer: 'own-port', supervisor: 'own-port', hq: 'allow', investigator: 'forbidden' },
  'GET /uploads/{batchId}': { officer: 'own-port', supervisor: 'own-port', hq: 'allow', investigator: 'allow' },
  'GET /referrals': { officer: 'forbidden', supervisor: 'own-port', hq: 'allow', investigator: 'allow' },
  'GET /referrals/{id}': { officer: 'forbidden', supervisor: 'own-port', hq: 'allow', investigator: 'allow' },
  // hq decides only once a referral is escalated to it; the sample referral is not
  'POST /referrals/{id}/decision': {
    officer: 'forbidden',
    supervisor: 'own-port',
    hq: 'forbidden',
    investigator: 'forbidden',
  },
  'POST /referrals/{id}/agency-response': {
    officer: 'forbidden',
    supervisor: 'forbidden',
    hq: 'forbidden',
    investigator: 'allow',
  },
  'GET /metrics': { officer: 'own-port', supervisor: 'own-port', hq: 'allow', investigator: 'allow' },
  'GET /metrics/borders': { officer: 'forbidden', supervisor: 'forbidden', hq: 'allow', investigator: 'allow' },
  'GET /compliance': { officer: 'allow', supervisor: 'allow', hq: 'allow', investigator: 'allow' },
  'GET /policy': { officer: 'allow', supervisor: 'allow', hq: 'allow', investigator: 'allow' },
  'PUT /policy': { officer: 'forbidden', supervisor: 'forbidden', hq: 'allow', investigator: 'forbidden' },
  'POST /jobs/{name}': { officer: 'forbidden', supervisor: 'forbidden', hq: 'allow', investigator: 'forbidden' },
  'GET /jobs/{id}': { officer: 'forbidden', supervisor: 'forbidden', hq: 'allow', investigator: 'forbidden' },
  'POST /reports/weekly': { officer: 'forbidden', supervisor: 'forbidden', hq: 'allow', investigator: 'forbidden' },
  'POST /surges': { officer: 'forbidden', supervisor: 'forbidden', hq: 'allow', investigator: 'forbidden' },
  'GET /surges': { officer: 'forbidden', supervisor: 'allow', hq: 'allow', investigator: 'forbidden' },
  'GET /surges/{id}': { officer: 'forbidden', supervisor: 'own-port', hq: 'allow', investigator: 'forbidden' },
  'POST /surges/{id}/cancel': { officer: 'forbidden', supervisor: 'forbidden', hq: 'allow', investigator: 'forbidden' },
  'GET /reports': { officer: 'forbidden', supervisor: 'forbidden', hq: 'allow', investigator: 'forbidden' },
  'POST /analyses/what-if': { officer: 'forbidden', supervisor: 'forbidden', hq: 'allow', investigator: 'forbidden' },
};
