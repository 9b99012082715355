import { when } from '../../../views/admin/layout.ts';
import { en } from '../../../views/i18n/en.ts';
import { InvalidInputError } from '../../errors.ts';
import { EXCLUSION_PERIODS, isPeriod, TIMEOUT_PERIODS } from '../../rg/periods.ts';
import type { ActionChoice, ConsoleAction } from './console-actions.ts';
import { endedText as ended } from './ended-text.ts';

const periods = (values: readonly string[]): ActionChoice => ({
  name: 'period',
  label: 'Period',
  options: values.map((value) => ({ value, label: en[`rg.period.${value}` as keyof typeof en] ?? value })),
});

const untilText = (until: number | null) =>
  until === null ? 'permanently' : `until ${when(new Date(until * 1000).toISOString())}`;

/**
 * An admin's time-out and self-exclusion from the player page (the API's POST /users/:id/timeout and
 * /self-exclusion): the period is chosen on the confirmation page; nobody lifts either early.
 */
export const RG_CONSOLE_ACTIONS: Record<string, ConsoleAction> = {
  timeout: {
    label: 'Time-out',
    effect:
      'Stops the player signing in for the chosen period. Every session and grant ends at once and every studio involved is sent a back-channel logout. Nobody can lift it early (not the player, not an admin); a shorter one never cuts a longer one in force.',
    roles: ['admin'],
    target: 'account',
    choice: periods(TIMEOUT_PERIODS),
    async run(actions, actor, { accountId, choice }) {
      if (!isPeriod(TIMEOUT_PERIODS, choice))
        throw new InvalidInputError('period', 'is not a time-out period');
      const result = await actions.timeout(actor, accountId, choice);
      return {
        summary: `Time-out (${choice}) in force ${untilText(result.restriction.until)}. ${ended(result.ended)}`,
        ended: result.ended,
      };
    },
  },
  'self-exclusion': {
    label: 'Self-exclusion',
    effect:
      'Excludes the player for the chosen period (at least 6 months, or permanently). Every session and grant ends at once and every studio involved is sent a back-channel logout. Nobody can lift it early (not the player, not an admin).',
    roles: ['admin'],
    target: 'account',
    choice: periods(EXCLUSION_PERIODS),
    async run(actions, actor, { accountId, choice }) {
      if (!isPeriod(EXCLUSION_PERIODS, choice)) {
        throw new InvalidInputError('period', 'is not a self-exclusion period');
      }
      const result = await actions.selfExclude(actor, accountId, choice);
      return {
        summary: `Self-exclusion (${choice}) in force ${untilText(result.restriction.until)}. ${ended(result.ended)}`,
        ended: result.ended,
      };
    },
  },
};
