import type { OperatorRole } from '../../accounts/operator-roles.ts';
import type { AdminActions, Ended } from '../actions.ts';
import type { AdminActor } from '../ports.ts';
import type { RgAdminActions } from '../rg-admin-actions.ts';
import { RG_CONSOLE_ACTIONS } from './console-rg-actions.ts';
import { endedText } from './ended-text.ts';

/** What console actions run: the shared admin actions and an admin's time-out and self-exclusion. */
export type ConsoleOps = AdminActions & Pick<RgAdminActions, 'timeout' | 'selfExclude'>;

/** A choice made on the confirmation page besides the reason (a restriction's period); checked on POST. */
export interface ActionChoice {
  name: 'period';
  label: string;
  options: readonly { value: string; label: string }[];
}

/** What a console action is done to: the player, one of their sessions, or one of their grants. */
export type ActionTarget = 'account' | 'session' | 'grant';

/** The outcome the result page shows: a sentence, and the endings with each studio's delivery. */
export interface ActionOutcome {
  summary: string;
  ended?: Ended | undefined;
}

/**
 * One action of the player page. Each sits behind a confirmation page (saying `effect`) with a required
 * reason, and is audited as `admin.action` by the shared admin actions. To add one: an entry here (and
 * the shared action in actions.ts); the player page, the confirmation page and the route pick it up.
 */
export interface ConsoleAction {
  label: string;
  /** What it does to the player's sessions and to studios, shown before confirming. */
  effect: string;
  /** Who may run it (admin may run all). */
  roles: readonly OperatorRole[];
  target: ActionTarget;
  choice?: ActionChoice | undefined;
  run(
    actions: ConsoleOps,
    actor: AdminActor,
    ids: { accountId: string; targetId: string; choice: string },
  ): Promise<ActionOutcome>;
}

const ended = endedText;

export const CONSOLE_ACTIONS: Record<string, ConsoleAction> = {
  'end-all': endingAction(
    'End all sessions',
    'Ends every session and grant of this player on every device; their tokens stop working at once and every studio involved is sent a back-channel logout.',
    'account',
    (actions, actor, { accountId }) => actions.endAllSessions(actor, accountId),
  ),
  'end-session': endingAction(
    'End session',
    'Ends this one session and its grants; the studios signed in through it are sent a back-channel logout. Other sessions stay.',
    'session',
    (actions, actor, { targetId }) => actions.endSession(actor, targetId),
  ),
  'revoke-grant': endingAction(
    'Revoke grant',
    "Revokes this studio's grant: its access and refresh tokens stop working and the studio is sent a back-channel logout.",
    'grant',
    (actions, actor, { targetId }) => actions.revokeGrant(actor, targetId),
  ),
  disable: {
    label: 'Disable account',
    effect:
      'Disables the account: sign-in is refused, every session and grant ends at once and every studio involved is sent a back-channel logout. An admin can enable it again.',
    roles: ['admin'],
    target: 'account',
    async run(actions, actor, { accountId }) {
      const result = await actions.disableUser(actor, accountId, 'disabled');
      return { summary: `Account ${result.user.status}. ${ended(result.ended)}`, ended: result.ended };
    },
  },
  enable: {
    label: 'Enable account',
    effect:
      'Enables a disabled account so the player can sign in again. A time-out, self-exclusion or panic lock is never lifted. No session starts and no studio is told.',
    roles: ['admin'],
    target: 'account',
    async run(actions, actor, { accountId }) {
      const result = await actions.enableUser(actor, accountId);
      return { summary: `Account ${result.user.status}.` };
    },
  },
  'mfa-reset': {
    label: 'Reset MFA',
    effect:
      "Removes the player's authenticator app, recovery codes and passkeys (they can enrol again at the next sign-in). Every session and grant ends and every studio involved is sent a back-channel logout.",
    roles: ['admin'],
    target: 'account',
    async run(actions, actor, { accountId }) {
      const result = await actions.resetMfa(actor, accountId);
      return { summary: `Second factors removed. ${ended(result.ended)}`, ended: result.ended };
    },
  },
  'password-reset': {
    label: 'Send password reset',
    effect:
      'Mails the player a single-use link to set a new password. Nothing ends now; when the player sets the password every session and grant ends and every studio involved is sent a back-channel logout.',
    roles: ['admin'],
    target: 'account',
    async run(actions, actor, { accountId }) {
      const { resetMail } = await actions.sendPasswordReset(actor, accountId);
      return {
        summary: `Reset link mailed to ${resetMail.to}; it works once, until ${resetMail.linkExpiresAt}.`,
      };
    },
  },
  'make-admin': roleAction('admin'),
  'make-support': roleAction('support'),
  'remove-role': roleAction('none'),
  ...RG_CONSOLE_ACTIONS,
  unlock: {
    label: 'Unlock',
    effect:
      'Clears the sign-in and MFA lockouts so the player can try again now. No session ends and no studio is told.',
    roles: ['admin'],
    target: 'account',
    async run(actions, actor, { accountId }) {
      await actions.unlock(actor, accountId);
      return { summary: 'Sign-in and MFA lockouts cleared.' };
    },
  },
};

/** An ending support may run too: the result says how many sessions and grants ended, and who was told. */
function endingAction(
  label: string,
  effect: string,
  target: ActionTarget,
  end: (...args: Parameters<ConsoleAction['run']>) => Promise<Ended>,
): ConsoleAction {
  return {
    label,
    effect,
    roles: ['admin', 'support'],
    target,
    async run(actions, actor, ids) {
      const result = await end(actions, actor, ids);
      return { summary: ended(result), ended: result };
    },
  };
}

/** A role change: bumps the session version, so the account's sessions end (its console one too). */
function roleAction(role: 'admin' | 'support' | 'none'): ConsoleAction {
  return {
    label: role === 'none' ? 'Remove operator role' : `Make ${role}`,
    effect: `${role === 'none' ? 'Takes the admin and support roles away.' : `Gives the account the ${role} role (replacing any other operator role).`} A role change ends every session and grant of the account (studios are sent a back-channel logout), so it signs in again with its new rights.`,
    roles: ['admin'],
    target: 'account',
    async run(actions, actor, { accountId }) {
      const result = await actions.setRole(actor, accountId, role);
      const now = result.user.roles.join(', ') || 'no operator role';
      return { summary: `Roles now: ${now}. ${ended(result.ended)}`, ended: result.ended };
    },
  };
}

/** Whether the operator's role may run the action. */
export const mayRun = (action: ConsoleAction, role: OperatorRole) =>
  role === 'admin' || action.roles.includes(role);
