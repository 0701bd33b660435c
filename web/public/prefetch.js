/*
 * Starts the first screen's API requests (who is signed in; the overview's, or "my work"'s for a
 * reporter — web/src/lib/home.ts remembers which) while the app's JavaScript is still loading and
 * parsing. The URLs are exactly those the app builds (web/src/pages/Overview.tsx via
 * withQuery in web/src/api/client.ts); the app takes a prefetched response when its
 * URL matches, and fetches normally otherwise. A plain file, not inline, so a strict
 * Content-Security-Policy (script-src 'self') allows it.
 */
(function () {
  var path = location.pathname;
  if (path !== '/' && path !== '/overview' && path !== '/my-work') return;
  if (!window.fetch || !window.URLSearchParams) return;
  // Who is signed in: every page needs it first (web/src/lib/auth.tsx).
  var store = (window.__mandatePrefetch = {});
  function get(u) {
    store[u] = fetch(u, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  }
  get('/api/auth/me');
  var home = null;
  try {
    home = localStorage.getItem('mandate.home');
  } catch (e) {
    /* private mode */
  }
  // A reporter's landing page is "my work" (web/src/lib/home.ts, pages/my-work/MyWork.tsx).
  if (path === '/my-work' || (path === '/' && home === 'my-work')) {
    get('/api/web/assignments?timeliness=overdue%2Cdue_soon&sort=due&limit=100');
    get('/api/approvals/returned');
    return;
  }
  if (path === '/my-work') return;
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
  ].forEach(get);
})();
