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

  // The page is the same for every reader (and cached), so the form's own fields, an
  // antiforgery token and a time stamp, are fetched when the reader first touches the form.
  function setupNewsletter(form) {
    var status = form.querySelector('.newsletter-status');
    var input = form.querySelector('input[name=email]');
    var submit = form.querySelector('button[type=submit]');
    var fieldsUrl = form.getAttribute('data-fields-url');
    if (!status || !input || !fieldsUrl || !window.fetch || !window.FormData || !window.Promise) { return; }
    var pending = null;

    function fields() {
      // A stamp older than a day is refused; fetch again well before that.
      if (!pending || Date.now() - pending.fetchedAt > 6 * 3600 * 1000) {
        var entry = { fetchedAt: Date.now() };
        entry.promise = fetch(fieldsUrl, {
          headers: { 'Accept': 'application/json' },
          credentials: 'same-origin',
          cache: 'no-store'
        }).then(function (response) {
          if (!response.ok) { throw new Error('fields ' + response.status); }
          return response.json();
        }).then(function (answer) {
          // The server takes a form sent back sooner than this as a bot's.
          return { fields: answer.fields, readyAt: Date.now() + answer.minSecondsToSubmit * 1000 };
        });
        entry.promise.catch(function () {
          if (pending === entry) { pending = null; }
        });
        pending = entry;
      }
      return pending.promise;
    }

    function whenReady(ready) {
      return new Promise(function (resolve) {
        setTimeout(function () { resolve(ready.fields); }, Math.max(0, ready.readyAt - Date.now()));
      });
    }

    form.addEventListener('focusin', function () { fields().catch(function () {}); });
    form.addEventListener('pointerdown', function () { fields().catch(function () {}); });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      submit.disabled = true;
      status.textContent = 'Subscribing…';
      status.className = 'newsletter-status';
      fields().then(whenReady).then(function (extra) {
        var body = new FormData(form);
        Object.keys(extra).forEach(function (name) { body.set(name, extra[name]); });
        return fetch(form.action, {
          method: 'POST',
          body: body,
          headers: { 'Accept': 'application/json' },
          credentials: 'same-origin'
        });
      }).then(function (response) {
        return response.json().catch(function () {
          return { ok: false, message: 'Something went wrong. Please try again in a moment.' };
        });
      }).then(function (result) {
        if (result.expired) { pending = null; }
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
