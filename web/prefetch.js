/*
 * Runs first, before the app's JavaScript has arrived, so the first screen's downloads start at once:
 * - the user's language catalogue (chosen as web/src/i18n/index.ts does), as a module preload;
 * - the API requests of the first screen: who is signed in, then the overview's or, for a reporter,
 *   "my work"'s (web/src/lib/home.ts). The device remembers which; on a first visit the answer of
 *   /api/auth/me decides (the rule of homeOf in home.ts), so a reporter's work is asked for as soon as
 *   the session is known, not once the app has loaded.
 * The URLs are exactly those the app builds (withQuery in web/src/api/client.ts); the app takes a
 * prefetched answer when its URL matches (a promise of null: not fetched, the app asks itself).
 * A file, not inline, so a strict Content-Security-Policy (script-src 'self') allows it; the build
 * (vite.config.ts) gives it a hashed name under /assets/ and fills in the catalogues' files.
 */
(function () {
  // The build puts each language's catalogue file here (vite.config.ts).
  var CATALOGUES = JSON.parse('{}' /* __CATALOGUES__ */);
  var LANGUAGES = ['vi', 'en', 'zh', 'ar'];
  function storage(key) {
    try {
      return localStorage.getItem(key);
    } catch (_e) {
      return null; // private mode
    }
  }
  var candidates = [new URLSearchParams(location.search).get('lang'), storage('mandate.lang')].concat(
    (navigator.languages || []).map(function (l) {
      return l.slice(0, 2);
    }),
  );
  var lang =
    candidates.filter(function (l) {
      return LANGUAGES.indexOf(l) >= 0;
    })[0] || 'en';
  if (CATALOGUES[lang]) {
    var link = document.createElement('link');
    link.rel = 'modulepreload';
    link.crossOrigin = '';
    link.href = CATALOGUES[lang];
    document.head.appendChild(link);
  }

  var path = location.pathname;
  if (path !== '/' && path !== '/overview' && path !== '/my-work') return;
  if (!window.fetch || !window.URLSearchParams) return;
  var store = (window.__mandatePrefetch = {});
  function request(u) {
    return fetch(u, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  }
  // Who is signed in: every page needs it first (web/src/lib/auth.tsx).
  var me = (store['/api/auth/me'] = request('/api/auth/me'));
  var remembered = storage('mandate.home');
  var home =
    path === '/my-work'
      ? Promise.resolve('my-work')
      : path === '/overview'
        ? Promise.resolve('overview')
        : remembered === 'my-work' || remembered === 'overview'
          ? Promise.resolve(remembered)
          : me
              .then(function (r) {
                return r.ok ? r.clone().json() : null;
              })
              .then(function (body) {
                var roles = ((body && body.user && body.user.grants) || []).map(function (g) {
                  return g.role;
                });
                if (!body || !body.user) return null;
                var reporter = roles.indexOf('reporter') >= 0;
                return reporter && roles.indexOf('admin') < 0 && roles.indexOf('secretariat') < 0
                  ? 'my-work'
                  : 'overview';
              })
              .catch(function () {
                return null;
              });
  /** Fetches `u` once the home page is known to be `page`; null otherwise (the app then fetches itself). */
  function getFor(page, u) {
    store[u] = home.then(function (h) {
      return h === page ? request(u) : null;
    });
  }

  // A reporter's landing page is "my work" (web/src/pages/my-work/MyWork.tsx).
  getFor('my-work', '/api/web/assignments?timeliness=overdue%2Cdue_soon&sort=due&limit=100');
  getFor('my-work', '/api/approvals/returned');

  var params = new URLSearchParams(location.search);
  var filters = [];
  ['programme', 'unit', 'tag', 'lead', 'dueFrom', 'dueTo'].forEach(function (k) {
    var v = params.get(k);
    if (v) filters.push([k, v]);
  });
  function url(base, extra) {
    var q = new URLSearchParams();
    filters.concat(extra).forEach(function (kv) {
      q.set(kv[0], kv[1]);
    });
    var s = q.toString();
    return s ? base + '?' + s : base;
  }
  var byArea = !!params.get('programme');
  [
    url('/api/supervision/rollup', [
      ['groupBy', byArea ? 'area,lead' : 'programme,lead'],
      ['top', '8'],
    ]),
    url('/api/supervision/overdue', [
      ['backlogOnly', params.get('list') === 'backlog' ? 'true' : 'false'],
      ['sort', 'days_late'],
      ['limit', '10'],
    ]),
    '/api/programmes',
  ].forEach(function (u) {
    getFor('overview', u);
  });
})();
