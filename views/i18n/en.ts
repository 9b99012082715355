/**
 * The English catalog: the source of every key. `de.ts` and `sv.ts` must have the same keys and the same
 * `{placeholders}` (test/i18n/catalogs.test.ts). Keys are grouped by page; placeholders are filled by `t`.
 */
export const en = {
  // Page shell (views/layout.ts)
  'layout.title': '{page} · {brand}',
  'layout.support': 'Help and support',
  'layout.playResponsibly': '{age}+ · Play responsibly',
  'layout.logoAlt': '{brand} logo',

  // Errors shown on any page
  'error.title': 'Something went wrong',
  'error.generic': 'Something went wrong.',
  'error.unavailable.title': 'Temporarily unavailable',
  'error.unavailable': 'The service is briefly unavailable. Try again in a moment.',
  'error.requestFailed': 'The request could not be completed.',
  'error.interactionExpired': 'This sign-in has expired. Go back to the app and start again.',
  'error.interactionMismatch': 'This sign-in page does not belong to your current sign-in.',
  'error.outOfDate': 'This page is out of date. Go back to the app and try again.',
  'error.formExpired': 'The form has expired. Go back to the app and try again.',
  'error.tooManyAttempts.one': 'Too many attempts, try again in {count} minute',
  'error.tooManyAttempts.other': 'Too many attempts, try again in {count} minutes',

  // Sign-in (views/login.ts)
  'login.title': 'Sign in',
  'login.heading': 'Sign in',
  'login.continueTo': 'to continue to {client}',
  'login.email': 'Email',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.invalid': 'Invalid email or password',
  'login.createAccount': 'Create account',
  'login.forgotPassword': 'Forgot password?',
  'login.noAccount': 'New here?',

  // Second factor (views/mfa.ts)
  'mfa.title': 'Two-step verification',
  'mfa.code': 'Authentication code',
  'mfa.verify': 'Verify',
  'mfa.hint': 'The 6-digit code from your authenticator app, or one of your recovery codes.',
  'mfa.hintEnrol': 'The 6-digit code from your authenticator app.',
  'mfa.invalid':
    'That code did not work. Enter the current 6-digit code from your authenticator app, or a recovery code.',
  'mfa.lockedOut': 'Too many wrong authentication codes. Start signing in again later.',
  'mfa.enrol.title': 'Set up two-step verification',
  'mfa.enrol.required': '{client} requires a second step when you sign in.',
  'mfa.enrol.scan': 'Scan this code with an authenticator app, then enter the 6-digit code it shows.',
  'mfa.enrol.qrAlt': 'QR code for your authenticator app',
  'mfa.enrol.key': "Can't scan? Enter this key:",
  'mfa.enrol.link': 'On this phone? Open in your authenticator app',
  'mfa.codes.title': 'Recovery codes',
  'mfa.codes.heading': 'Save your recovery codes',
  'mfa.codes.text':
    'Each code works once, instead of an authentication code, if you lose your phone. They are shown only now.',
  'mfa.codes.label': 'Recovery codes',
  'mfa.codes.continue': 'Continue',

  // Consent (views/consent.ts)
  'consent.title': 'Allow access',
  'consent.heading': 'Allow {client}?',
  'consent.asking': '{client} is asking to:',
  'consent.scope.openid': 'Confirm your identity',
  'consent.scope.email': 'See your email address',
  'consent.scope.profile': 'See your basic profile',
  'consent.scope.offline_access': 'Stay signed in (keep access while you are away)',
  'consent.scope.rg': 'See and change your responsible-gambling limits',
  'consent.claim': 'Read the {claim} claim',
  'consent.allow': 'Allow',
  'consent.deny': 'Deny',

  // Sign-out (views/logout.ts)
  'logout.title': 'Sign out',
  'logout.heading': 'Sign out of {client}?',
  'logout.yes': 'Yes, sign me out',
  'logout.no': 'No, stay signed in',
  'loggedOut.title': 'Signed out',
  'loggedOut.text': 'You have been signed out.',
  'loggedOut.textClient': 'You have been signed out of {client}.',

  // Account page (views/account.ts)
  'account.title': 'Your account',
  'account.signedInAs': 'Signed in as {email}',
  'account.signedOut': 'You are not signed in. Sign in through your casino app, then open this page again.',
  'account.signIn': 'Sign in',
  'account.back': 'Back to your account',
  'account.mfa.heading': 'Two-step verification',
  'account.mfa.status': 'Two-step verification is {state}.',
  'account.mfa.on': 'on',
  'account.mfa.off': 'off',
  'account.mfa.setUp': 'Set up two-step verification',
  'account.mfa.codesLeft': 'Recovery codes left: {count}.',
  'account.mfa.regenCode': 'Authentication code for new recovery codes',
  'account.mfa.regen': 'Regenerate recovery codes',
  'account.mfa.removeCode': 'Authentication code to turn off two-step verification',
  'account.mfa.remove': 'Turn off two-step verification',
  'account.mfa.already': 'Two-step verification is already on.',
  'account.mfa.removed': 'Two-step verification is off.',
  'account.mfa.wrongCode': 'That code did not work. Enter the current code from your authenticator app.',
  'account.mfa.locked': 'Too many wrong codes. Try again in 15 minutes.',
  'account.password.heading': 'Password',
  'account.password.current': 'Current password',
  'account.password.new': 'New password',
  'account.password.submit': 'Change password',
  'account.password.changed': 'Your password has been changed.',
  'account.password.wrongCurrent': 'Your current password is not correct.',

  // Password policy (server/accounts/password-strength.ts)
  'password.hint': 'At least {min} characters. A phrase of a few words is easy to remember.',
  'password.tooShort': 'Your password must be at least {min} characters long.',
  'password.tooLong': 'Your password must be at most {max} characters long.',
  'password.common': 'This password is too common and easy to guess. Choose another one.',
  'password.containsEmail': 'Your password must not contain your email address.',

  // Mails (views/mail/mails.ts); the first link in each is the one the mail is about
  'mail.greeting': 'Hello,',
  'mail.signoff': 'The {brand} team',
  'mail.support': 'Questions? Contact us: {url}',
  'mail.verify.subject': 'Confirm your email address for {brand}',
  'mail.verify.text': 'Confirm your email address to finish creating your {brand} account:',
  'mail.verify.button': 'Confirm email address',
  'mail.verify.expires': 'The link works once and expires in {hours} hours.',
  'mail.reset.subject': 'Reset your {brand} password',
  'mail.reset.text': 'Someone asked to reset the password of your {brand} account. Set a new password here:',
  'mail.reset.button': 'Set a new password',
  'mail.reset.expires':
    'The link works once and expires in {minutes} minutes. If you did not ask for it, ignore this mail: your password stays as it is.',
  'mail.changed.subject': 'Your {brand} password was changed',
  'mail.changed.text':
    'The password of your {brand} account was just changed, and every device that was signed in has been signed out.',
  'mail.changed.notYou': 'If this was not you, reset your password at once here:',
  'mail.exists.subject': 'Someone tried to register with your email address at {brand}',
  'mail.exists.text':
    'Someone tried to create a {brand} account with this email address, which already has one. If it was you, sign in as usual, or reset your password here:',
  'mail.exists.notYou': 'If it was not you, you can ignore this mail. Nothing has changed.',

  // Registration (views/register.ts)
  'register.title': 'Create account',
  'register.heading': 'Create your account',
  'register.email': 'Email',
  'register.password': 'Password',
  'register.dateOfBirth': 'Date of birth',
  'register.dateOfBirthHint': 'You must be at least {age} years old to play.',
  'register.terms': 'I accept the terms',
  'register.submit': 'Create account',
  'register.haveAccount': 'Already have an account? Sign in',
  'register.underage': 'You must be at least {age} years old to create an account.',
  'register.badEmail': 'Enter a valid email address.',
  'register.badDate': 'Enter your date of birth as a real date in the past.',
  'register.termsRequired': 'You need to accept the terms to create an account.',
  'register.excluded': 'An account cannot be created for you: you are registered as excluded from gambling.',
  'register.registerUnavailable':
    'We cannot check the national exclusion register right now, so no account can be created. Try again later.',
  'register.checkEmail.title': 'Check your email',
  'register.checkEmail.text':
    'We sent a mail to {email}. Open the link in it to confirm your address, then sign in.',
  'register.checkEmail.spam': 'No mail after a few minutes? Look in your spam folder.',

  // Email verification (views/verify-email.ts)
  'verify.title': 'Email address',
  'verify.done': 'Your email address is confirmed.',
  'verify.continue': 'Continue to sign in',
  'verify.invalid': 'This link is not valid any more. It may have been used already or have expired.',
  'verify.required': 'Confirm your email address before you sign in. We can send you a new link.',
  'verify.resend': 'Send a new link',
  'verify.resent': 'If the address needs confirming, a new link is on its way.',
  'verify.tooMany': 'Too many requests. Wait a few minutes before asking for another link.',

  // Password reset (views/password-reset.ts)
  'reset.title': 'Forgot password',
  'reset.heading': 'Reset your password',
  'reset.intro': 'Enter the email address of your account. We will send you a link to set a new password.',
  'reset.email': 'Email',
  'reset.submit': 'Send reset link',
  'reset.sent':
    'If an account exists for {email}, a mail with a reset link is on its way. The link works once and expires in {minutes} minutes.',
  'reset.tooMany': 'Too many requests. Wait a few minutes before asking for another link.',
  'reset.new.title': 'Set a new password',
  'reset.new.password': 'New password',
  'reset.new.submit': 'Set password',
  'reset.invalid': 'This reset link is not valid any more. It may have been used already or have expired.',
  'reset.again': 'Ask for a new link',
  'reset.done': 'Your password has been changed, and every device that was signed in has been signed out.',
  'reset.signIn': 'Sign in',
  'common.back': 'Back to sign in',
} as const;
