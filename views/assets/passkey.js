// Drives the passkey forms rendered by views/passkeys.ts with @simplewebauthn/browser (served from
// /assets/simplewebauthn-browser.js): fetch options, run the ceremony, post the answer in the form.
(() => {
  const lib = window.SimpleWebAuthnBrowser;
  const forms = document.querySelectorAll('form[data-passkey]');

  const showError = (form, message) => {
    const box = form.querySelector('[data-passkey-error]');
    box.textContent = message;
    box.hidden = false;
  };

  const fetchOptions = async (form) => {
    const body = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (name !== 'response') body.append(name, String(value));
    const res = await fetch(form.dataset.options, { method: 'POST', body, credentials: 'same-origin' });
    const json = await res.json().catch(() => ({}));
    if (!res.ok)
      throw Object.assign(new Error(json.error || 'Passkeys are not available right now.'), { shown: true });
    return json;
  };

  const run = async (form, useBrowserAutofill) => {
    const optionsJSON = await fetchOptions(form);
    const answer =
      form.dataset.passkey === 'register'
        ? await lib.startRegistration({ optionsJSON })
        : await lib.startAuthentication({ optionsJSON, useBrowserAutofill });
    form.elements.response.value = JSON.stringify(answer);
    form.submit();
  };

  const explain = (form, err) => {
    console.warn('passkey ceremony failed', err);
    if (err?.shown) return showError(form, err.message);
    if (err && err.name === 'AbortError') return undefined;
    showError(form, form.dataset.msgNotUsed);
  };

  for (const form of forms) {
    const button = form.querySelector('[data-passkey-start]');
    if (!lib?.browserSupportsWebAuthn()) {
      button.disabled = true;
      showError(form, form.dataset.msgUnsupported);
      continue;
    }
    button.addEventListener('click', () => {
      if (!form.reportValidity()) return;
      run(form, false).catch((err) => explain(form, err));
    });
    // Conditional UI: passkeys offered in the Email field's autofill, where the browser supports it.
    if (form.dataset.autofill === 'true') {
      lib.browserSupportsWebAuthnAutofill().then((yes) => {
        if (yes) run(form, true).catch((err) => explain(form, err));
      });
    }
  }
})();
