// A proposed minimum frequency, as the what-if estimate takes it: the API checks it before it loads the estimate and
// its statistics library.
import * as z from 'zod/mini';
import '../zod-locale.js';
import { once } from '../once.js';
import { PORT_CODE } from '../ports.js';

export const proposalSchema = once(() => {
  const days = z
    .int('must be a whole number of days')
    .check(z.minimum(0, 'must be 0 to 7'), z.maximum(7, 'must be 0 to 7'));
  return z
    .strictObject({
      /** Minimum inspection days per week by border; a border left out keeps the current minimum. */
      minimumDaysPerWeek: z._default(
        z.strictObject({ 'US-Canada': z.optional(days), 'US-Mexico': z.optional(days) }),
        {},
      ),
      /** Per-port minimums, ahead of the border's. */
      portOverrides: z._default(z.record(z.string().check(z.regex(PORT_CODE, 'port codes are 4 digits')), days), {}),
    })
    .check(
      z.refine((p) => Object.keys(p.minimumDaysPerWeek).length + Object.keys(p.portOverrides).length > 0, {
        error: 'name a minimum for a border (minimumDaysPerWeek) or a port (portOverrides)',
      }),
    );
});

export type Proposal = z.infer<ReturnType<typeof proposalSchema>>;
