// <passkey-submit> sits in a static form next to a submit button named "__passkeySubmit". When that button submits the
// form, the element asks the portal for WebAuthn options, lets the browser make (operation "create") or use
// (operation "request") a passkey, and posts the form with the browser's answer as <name>.CredentialJson — or, when
// the browser refuses, <name>.Error in words. The portal checks everything with ASP.NET Core Identity's passkey support.
(() => {
    const supported = typeof window.PublicKeyCredential === 'function'
        && typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function'
        && typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function'
        && !!navigator.credentials;

    async function optionsFrom(url, headers) {
        const response = await fetch(url, { method: 'POST', credentials: 'same-origin', headers });
        if (!response.ok) throw new Error(`The portal could not start (${response.status}). Reload the page and try again.`);
        return await response.json();
    }

    function inWords(error) {
        switch (error && error.name) {
            case 'NotAllowedError': return 'No passkey was used: it was cancelled, timed out, or this device has none for the portal.';
            case 'InvalidStateError': return 'This device already has a passkey for your account.';
            case 'SecurityError': return 'The browser refused: passkeys need the portal\u2019s proper web address (https).';
            default: return (error && error.message) || 'The passkey could not be used.';
        }
    }

    customElements.define('passkey-submit', class extends HTMLElement {
        static formAssociated = true;

        connectedCallback() {
            this.internals = this.attachInternals();
            this.form = this.internals.form;
            if (!this.form) return;
            this.onSubmit = event => {
                if (event.submitter && event.submitter.name === '__passkeySubmit') {
                    event.preventDefault();
                    this.run();
                }
            };
            this.form.addEventListener('submit', this.onSubmit);
        }

        disconnectedCallback() {
            if (this.form && this.onSubmit) this.form.removeEventListener('submit', this.onSubmit);
            if (this.abort) this.abort.abort();
        }

        async run() {
            if (this.abort) this.abort.abort();
            this.abort = new AbortController();
            const name = this.getAttribute('name');
            const headers = { [this.getAttribute('request-token-name')]: this.getAttribute('request-token-value') };
            const answer = new FormData();
            try {
                if (!supported) throw new Error('This browser cannot use passkeys. Update it, or sign in with your password.');
                let credential;
                if (this.getAttribute('operation') === 'create') {
                    const options = PublicKeyCredential.parseCreationOptionsFromJSON(await optionsFrom('Account/PasskeyCreationOptions', headers));
                    credential = await navigator.credentials.create({ publicKey: options, signal: this.abort.signal });
                } else {
                    const options = PublicKeyCredential.parseRequestOptionsFromJSON(await optionsFrom('Account/PasskeyRequestOptions', headers));
                    credential = await navigator.credentials.get({ publicKey: options, signal: this.abort.signal });
                }
                answer.append(`${name}.CredentialJson`, JSON.stringify(credential));
            } catch (error) {
                if (error && error.name === 'AbortError') return;
                answer.append(`${name}.Error`, inWords(error));
            }
            this.internals.setFormValue(answer);
            this.form.submit();
        }
    });
})();
