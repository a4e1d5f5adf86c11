// Progressive enhancement for the reader pages: the teaser toggles and the newsletter form.
// Everything works without this file; it only makes both happen in place.
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  // The card's expandable part arrives empty, with the address of its paragraphs in data-src:
  // they are fetched when the reader points at, focuses or presses the button, and kept.
  // If they cannot be fetched, the button does what the plain link does: open the article.
  function setupTeaser(button) {
    var more = document.getElementById(button.getAttribute('aria-controls'));
    var card = button.closest('.teaser-card');
    var link = card && card.querySelector('a.teaser-keep-reading');
    if (!more || !link) { return; }
    var source = more.getAttribute('data-src');
    button.hidden = false;
    if (source && (!window.fetch || !window.Promise)) {
      // The link is hidden once the script runs; the button then does what it did.
      button.addEventListener('click', function () { window.location.assign(link.href); });
      return;
    }
    var loading = null;

    function load() {
      if (!source) { return Promise.resolve(); }
      if (!loading) {
        // A stalled connection must not leave the reader waiting on a button that does nothing.
        var controller = window.AbortController ? new AbortController() : null;
        var timer = controller && setTimeout(function () { controller.abort(); }, 8000);
        loading = fetch(source, { headers: { 'Accept': 'text/html' }, credentials: 'same-origin', signal: controller && controller.signal })
          .then(function (response) {
            clearTimeout(timer);
            if (!response.ok) { throw new Error('teaser ' + response.status); }
            return response.text();
          }).then(function (html) {
            // The fragment is the site's own sanitized article text, as the page itself is.
            more.innerHTML = html;
            source = null;
          });
        loading.catch(function () { loading = null; });
      }
      return loading;
    }

    function show(expand) {
      button.setAttribute('aria-expanded', expand ? 'true' : 'false');
      more.hidden = !expand;
      button.textContent = expand ? 'Show less' : 'Keep reading';
      button.focus();
    }

    ['pointerenter', 'focus', 'touchstart'].forEach(function (name) {
      button.addEventListener(name, function () { load().catch(function () {}); }, { passive: true });
    });
    button.addEventListener('click', function () {
      if (button.getAttribute('aria-expanded') === 'true') { show(false); return; }
      if (button.getAttribute('aria-busy') === 'true') { return; }
      button.setAttribute('aria-busy', 'true');
      var slow = setTimeout(function () { button.textContent = 'Loading…'; }, 300);
      load().then(function () {
        clearTimeout(slow);
        show(true);
      }, function () {
        clearTimeout(slow);
        button.textContent = 'Keep reading';
        window.location.assign(link.href);
      }).then(function () { button.removeAttribute('aria-busy'); });
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
