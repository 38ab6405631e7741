// Static account pages: a form returned with errors moves focus to its error summary, so screen readers announce it.
// (A file, not an inline script: the Content-Security-Policy allows scripts from the portal itself only.)
document.getElementById('error-summary')?.focus();
