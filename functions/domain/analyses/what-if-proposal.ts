// A proposed minimum frequency, as the what-if estimate takes it: the API checks it before it loads the estimate and
// its statistics library.
import * as z from 'zod/mini';
import '../zod-locale.js';
import { once } from '../once.js';
import { portOverridesSchema, weekDaysSchema } from '../policy.js';

export const proposalSchema = once(() => {
  const days = weekDaysSchema();
  return z
    .strictObject({
      /** Minimum inspection days per week by border; a border left out keeps the current minimum. */
      minimumDaysPerWeek: z._default(
        z.strictObject({ 'US-Canada': z.optional(days), 'US-Mexico': z.optional(days) }),
        {},
      ),
      portOverrides: portOverridesSchema(),
    })
    .check(
      z.refine((p) => Object.keys(p.minimumDaysPerWeek).length + Object.keys(p.portOverrides).length > 0, {
        error: 'name a minimum for a border (minimumDaysPerWeek) or a port (portOverrides)',
      }),
    );
});

export type Proposal = z.infer<ReturnType<typeof proposalSchema>>;
