// Progressive enhancement for the reader pages: the teaser toggles and the newsletter form.
// Everything works without this file; it only makes both happen in place.
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  function setupTeaser(button) {
    var more = document.getElementById(button.getAttribute('aria-controls'));
    if (!more) { return; }
    button.hidden = false;
    button.addEventListener('click', function () {
      var expand = button.getAttribute('aria-expanded') !== 'true';
      button.setAttribute('aria-expanded', expand ? 'true' : 'false');
      more.hidden = !expand;
      button.textContent = expand ? 'Show less' : 'Keep reading';
      button.focus();
    });
  }

  function setupNewsletter(form) {
    var status = form.querySelector('.newsletter-status');
    var input = form.querySelector('input[name=email]');
    var submit = form.querySelector('button[type=submit]');
    if (!status || !input || !window.fetch || !window.FormData) { return; }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      submit.disabled = true;
      status.textContent = 'Subscribing…';
      status.className = 'newsletter-status';
      fetch(form.action, {
        method: 'POST',
        body: new FormData(form),
        headers: { 'Accept': 'application/json' },
        credentials: 'same-origin'
      }).then(function (response) {
        return response.json().catch(function () {
          return { ok: false, message: 'Something went wrong. Please try again in a moment.' };
        });
      }).then(function (result) {
        status.textContent = result.message;
        status.className = 'newsletter-status ' + (result.ok ? 'is-success' : 'is-error');
        if (result.ok) {
          input.value = '';
          input.removeAttribute('aria-invalid');
        } else {
          input.setAttribute('aria-invalid', 'true');
        }
      }).catch(function () {
        status.textContent = 'We could not reach the server. Check your connection and try again.';
        status.className = 'newsletter-status is-error';
      }).then(function () {
        submit.disabled = false;
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('button.teaser-toggle[aria-controls]'), setupTeaser);
  Array.prototype.forEach.call(document.querySelectorAll('form.newsletter-signup'), setupNewsletter);
}());
