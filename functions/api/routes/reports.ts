import { proposalSchema } from '../../domain/analyses/what-if-proposal.js';
import { once } from '../../domain/once.js';
import { REPORT_KINDS } from '../../shared/reports.js';
import type { ApiDeps } from '../deps.js';
import { json } from '../responses.js';
import type { Route } from '../router.js';
import { parseInput } from '../validation.js';

/** How long the addresses in GET /reports can be used to read a report. */
export const REPORT_URL_SECONDS = 900;

/** The what-if estimate and its statistics library (332 modules) load on the first what-if request, not at init. */
const loadWhatIfEstimate = once(() => import('./what-if-estimate.js'));

/**
 * The module the API's bundle leaves out and loads on first use, by the specifier it is imported with: built as a
 * file of its own beside the bundle by the CDK bundling and by `npm run bench` (as the jobs' chart libraries are).
 */
export const WHAT_IF_MODULES = {
  './what-if-estimate.js': 'functions/api/routes/what-if-estimate.ts',
} as const;

export function reportRoutes(): Route<ApiDeps>[] {
  return [
    {
      method: 'GET',
      path: '/reports',
      roles: ['hq'],
      summary: 'the reports kept (weekly, cost-benefit, infrastructure), newest first, with addresses to read them',
      handle: async (request) => {
        const reports = await request.deps.reports.list(REPORT_URL_SECONDS);
        const kind = request.query.kind;
        return json(200, {
          kinds: REPORT_KINDS,
          urlsExpireInSeconds: REPORT_URL_SECONDS,
          reports: kind ? reports.filter((r) => r.kind === kind) : reports,
        });
      },
    },
    {
      method: 'POST',
      path: '/analyses/what-if',
      roles: ['hq'],
      summary:
        'estimate what a proposed minimum frequency would add over the last 13 weeks: days, staff hours, cost, seizures',
      handle: async (request) => {
        const proposal = parseInput(proposalSchema(), request.body, 'proposal');
        const { estimateWhatIf } = await loadWhatIfEstimate();
        const today = new Date().toISOString().slice(0, 10);
        return json(200, await estimateWhatIf(request.deps.figures, proposal, today));
      },
    },
  ];
}
