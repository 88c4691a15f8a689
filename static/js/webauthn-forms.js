// Starts allauth's WebAuthn forms from data attributes instead of inline <script> blocks
// (the CSP allows script files only): <div data-allauth-form="loginForm" data-allauth-ids='{...}'>.
(function () {
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-allauth-form]').forEach(function (element) {
      var name = element.dataset.allauthForm
      var forms = window.allauth && window.allauth.webauthn && window.allauth.webauthn.forms
      if (forms && typeof forms[name] === 'function') {
        forms[name]({ ids: JSON.parse(element.dataset.allauthIds) })
      }
    })
  })
})()
