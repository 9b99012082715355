import type { BrowserContext, CDPSession, Page } from 'playwright-core';

/** A credential as Chromium's virtual authenticator reports and accepts it (CDP WebAuthn domain). */
export interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
}

/**
 * Chromium's virtual authenticator for one page (CDP WebAuthn.addVirtualAuthenticator): a platform
 * authenticator with resident keys and user verification that answers every request at once, a pending
 * autofill (conditional) request included.
 */
export async function virtualAuthenticator(context: BrowserContext, page: Page) {
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    async credentials(): Promise<VirtualCredential[]> {
      return (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
    },
    /** Puts a copy of a credential (key and all) into this authenticator: a synced or cloned passkey. */
    async add(credential: VirtualCredential): Promise<void> {
      await cdp.send('WebAuthn.addCredential', { authenticatorId, credential });
    },
  };
}

/**
 * A fresh browser context (a new device) with a page and a virtual authenticator holding `credentials`.
 * `autofill: false` is a browser without conditional UI (no passkeys in autofill), so only the buttons
 * start a ceremony; the virtual authenticator would otherwise answer the login page's autofill request.
 */
export async function deviceWith(
  newContext: () => Promise<BrowserContext>,
  credentials: VirtualCredential[] = [],
  options: { autofill?: boolean } = {},
) {
  const context = await newContext();
  if (options.autofill === false) {
    await context.addInitScript(() => {
      Object.defineProperty(PublicKeyCredential, 'isConditionalMediationAvailable', { value: undefined });
    });
  }
  const page = await context.newPage();
  const authenticator = await virtualAuthenticator(context, page);
  for (const credential of credentials) await authenticator.add(credential);
  return { context, page, authenticator };
}
