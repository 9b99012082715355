import { z } from 'zod';
import type { PageMessage } from '../../views/i18n/translate.ts';
import { alreadyRegisteredMail } from '../../views/mail/mails.ts';
import type { Ui } from '../../views/ui.ts';
import { passwordProblem } from '../accounts/password-strength.ts';
import { ConflictError } from '../errors.ts';
import { sendVerification } from './email-verification.ts';
import { linkContext, type RequestInfo, type SelfServiceDeps } from './ports.ts';

/** What the registration form posts. */
export interface RegistrationForm {
  email: string;
  password: string;
  dateOfBirth: string;
  termsAccepted: boolean;
}

export type RegistrationOutcome =
  | { outcome: 'check_email' }
  | { outcome: 'refused'; status: number; message: PageMessage };

const email = z.email().max(254);
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whole years between a date of birth (YYYY-MM-DD) and today, UTC; undefined for an impossible date. */
export function ageOn(dateOfBirth: string, today = new Date()): number | undefined {
  const m = ISO_DATE.exec(dateOfBirth);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const born = new Date(Date.UTC(y, mo - 1, d));
  if (born.getUTCFullYear() !== y || born.getUTCMonth() !== mo - 1 || born.getUTCDate() !== d)
    return undefined;
  if (born > today || y < 1900) return undefined;
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() < mo - 1 || (today.getUTCMonth() === mo - 1 && today.getUTCDate() < d)) age -= 1;
  return age;
}

/**
 * Registration: validates the form (field by field, in the player's language), refuses anyone under the
 * brand's minimum age (naming it), asks the exclusion register when configured, then creates an unverified
 * account and mails a verification link. An address that already has an account gets the same page, and
 * its owner a mail saying so: the page never tells whether an address is registered.
 */
export async function register(
  deps: SelfServiceDeps,
  form: RegistrationForm,
  ui: Ui,
  who: RequestInfo & { continueUrl?: string | undefined },
): Promise<RegistrationOutcome> {
  const address = form.email.trim().toLowerCase();
  const refuse = (message: PageMessage, status = 400): RegistrationOutcome => ({
    outcome: 'refused',
    status,
    message,
  });
  if (!email.safeParse(address).success) return refuse('register.badEmail');
  const problem = passwordProblem(form.password, { email: address });
  if (problem) return refuse(problem);
  const age = ageOn(form.dateOfBirth);
  if (age === undefined) return refuse('register.badDate');
  if (!form.termsAccepted) return refuse('register.termsRequired');
  const audit = (outcome: 'success' | 'failure', detail: Record<string, unknown>, accountId?: string) =>
    deps.audit.record({ type: 'account.register', outcome, accountId, ...who, detail });
  if (age < ui.brand.minAge) {
    await audit('failure', { reason: 'underage', minAge: ui.brand.minAge });
    return refuse({ key: 'register.underage', params: { age: ui.brand.minAge } }, 403);
  }
  if (deps.exclusionCheck) {
    // Counted before the register is asked, so the page cannot be used to look people up in it.
    const allowed = await Promise.all([
      deps.throttle.email(`register:${address}`),
      deps.throttle.ip(`register:${who.ip}`),
    ]);
    if (allowed.includes(false)) {
      await audit('failure', { reason: 'too_many' });
      return refuse('register.tooMany', 429);
    }
    const answer = await deps.exclusionCheck({
      accountId: null,
      email: address,
      dateOfBirth: form.dateOfBirth,
    });
    if (answer !== 'clear') {
      await audit('failure', {
        reason: answer === 'excluded' ? 'register_excluded' : 'register_unavailable',
      });
      return answer === 'excluded'
        ? refuse('register.excluded', 403)
        : refuse('register.registerUnavailable', 503);
    }
  }
  try {
    const account = await deps.accounts.register({
      email: address,
      password: form.password,
      dateOfBirth: form.dateOfBirth,
      locale: ui.locale,
    });
    await audit('success', {}, account.id);
    await sendVerification(deps, account, ui, { clientId: who.clientId, continueUrl: who.continueUrl });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const existing = await deps.accounts.findByEmail(address);
    await audit('failure', { reason: 'already_registered' }, existing?.id);
    const resetLink = `${deps.issuer}/forgot-password?${linkContext(ui, who.clientId)}`;
    await deps.mailer.send({
      kind: 'already_registered',
      to: address,
      ...alreadyRegisteredMail(ui, resetLink),
    });
  }
  return { outcome: 'check_email' };
}
