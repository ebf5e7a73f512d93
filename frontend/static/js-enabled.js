// Runs first thing in <body>: tells GOV.UK Frontend's CSS that JavaScript
// (and ES modules) are available. Kept out of the page so the
// Content-Security-Policy can forbid inline scripts.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
