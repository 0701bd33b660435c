/**
 * The first screen stands in for the app until the app has drawn the same page itself: it is shown
 * in its own element at the start of the body, the app's root hidden while it is there (index.html:
 * `#first-screen ~ #root`), and taken away in the app's first layout
 * effect that has something to show (pages/my-work/MyWork.tsx with its list, or any other page:
 * App.tsx), in the same frame as the app's page appears. No flash of a loading skeleton between.
 */
const ID = 'first-screen';

/**
 * Shows `content` under the app's header bar in place of the app's root. Its script runs at the
 * start of the body: on a return visit the page's first frame is the first screen, not an empty
 * header bar first.
 */
export function showFirstScreen(content: HTMLElement): void {
  if (document.getElementById(ID)) return;
  const screen = document.createElement('div');
  screen.id = ID;
  const header = document.createElement('div');
  header.className = 'boot';
  header.textContent = 'Mandate';
  const main = document.createElement('main');
  main.className = 'fs-main';
  main.append(content);
  screen.append(header, main);
  document.body.prepend(screen);
}

/** The app has drawn its page: the first screen goes and the app's root shows. Idempotent. */
export function releaseFirstScreen(): void {
  const screen = document.getElementById(ID);
  if (!screen) return;
  screen.remove();
}
