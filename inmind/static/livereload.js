// Dev server only (inmind/serve.py adds it to each page it serves; it is never published).
// Reloads the page after a rebuild and shows a failed rebuild's problems over the last good page.
(() => {
  'use strict';

  // Not in the browser editor (/admin/): it shows the open file's checks itself, the panel would cover its
  // Login button, and a reload after each rebuild would throw away what is being typed.
  if (document.querySelector('script[src$="inmind-admin.js"]')) return;

  const BASE = '/__inmind/';
  const script = document.currentScript;
  let generation = script ? Number(script.dataset.generation) : NaN;
  let dismissed = null;

  const style = document.createElement('link');
  style.rel = 'stylesheet';
  style.href = BASE + 'livereload.css';
  document.head.append(style);

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text; // text only: a message never becomes markup
    return node;
  };

  const hide = () => {
    const box = document.getElementById('inmind-dev-problems');
    if (box) box.remove();
  };

  const show = (problems) => {
    // Hidden until the errors change: the full build may add warnings to what the quick check found.
    const key = JSON.stringify(problems.filter((p) => p.severity === 'error').map((p) => [p.location, p.message]));
    if (key === dismissed) return;
    const errors = problems.filter((p) => p.severity === 'error').length;
    const box = element('section', 'inmind-dev');
    box.id = 'inmind-dev-problems';
    box.setAttribute('role', 'alert');
    box.setAttribute('aria-labelledby', 'inmind-dev-title');
    // Before the first good build there is no last good page to speak of (inmind/serve.py's NOT_BUILT).
    const first = document.documentElement.hasAttribute('data-inmind-not-built');
    const title = element('h2', 'inmind-dev__title',
      `The site was not ${first ? 'built' : 'rebuilt'}: ${errors} ${errors === 1 ? 'problem' : 'problems'} to fix`);
    title.id = 'inmind-dev-title';
    box.append(title, element('p', 'inmind-dev__lead', (first ? '' : 'This is the last good version of the page. ') +
      'Fix each problem and save the file: the page updates by itself.'));
    const list = element('ul', 'inmind-dev__list');
    for (const problem of problems) {
      const item = element('li', 'inmind-dev__item');
      item.append(element('code', 'inmind-dev__where', problem.location), ' ',
        element('span', 'inmind-dev__message', `${problem.severity}: ${problem.message}`));
      if (problem.hint) item.append(element('p', 'inmind-dev__hint', `Hint: ${problem.hint}`));
      list.append(item);
    }
    const close = element('button', 'inmind-dev__close', 'Hide these problems');
    close.type = 'button';
    close.addEventListener('click', () => {
      dismissed = key;
      hide();
    });
    box.append(list, close);
    hide();
    document.body.append(box);
  };

  const showsThisPage = (paths) => paths.some((p) => p === location.pathname || p + 'index.html' === location.pathname);

  const apply = (state) => {
    const changed = state.generation !== generation;
    const previous = generation;
    generation = state.generation;
    // The state this page has taken in, for whoever waits on it (the tests wait for this, not for a set time).
    document.documentElement.dataset.inmindGeneration = String(generation);
    if (state.problems.some((p) => p.severity === 'error')) {
      show(state.problems); // keep the last good page underneath
      return;
    }
    hide();
    if (!changed || Number.isNaN(previous)) return;
    if (state.kind === 'quick' && !showsThisPage(state.paths)) return;
    location.reload();
  };

  const connect = () => {
    const events = new EventSource(BASE + 'events');
    events.addEventListener('change', (e) => apply(JSON.parse(e.data)));
  };
  connect();
})();
