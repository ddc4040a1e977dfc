/*
 * With `./dev edit`: shows the editorial checks' problems for the file open in the editor, in plain words,
 * after it opens and after each save. The dev server answers check.json with `invoke check --file`'s findings.
 */
(function () {
  "use strict";

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;  // text only: a message never becomes markup
    return node;
  }

  /* The content file (inside content/) that an editor address such as #/collections/blog/entries/2017/x shows. */
  function fileOf(editor, hash) {
    var match = /^#\/collections\/([^/]+)\/entries\/(.+)$/.exec(hash);
    if (!match) return null;
    var prefix = editor.content_prefix.replace(/\/$/, "") + "/";
    var collections = editor.cms.collections;
    for (var i = 0; i < collections.length; i++) {
      var c = collections[i];
      if (c.name === match[1] && c.folder && c.folder.indexOf(prefix) === 0) {
        return c.folder.slice(prefix.length) + "/" + decodeURIComponent(match[2]) + ".md";
      }
    }
    return null;
  }

  function panel() {
    var box = document.getElementById("inmind-problems");
    if (!box) {
      box = element("section", "inmind-problems");
      box.id = "inmind-problems";
      box.setAttribute("aria-live", "polite");
      box.setAttribute("aria-label", "Checks for this file");
      document.body.appendChild(box);
    }
    return box;
  }

  // Below this width the panel would cover half the form, so it starts folded to its one-line title.
  var NARROW = "(max-width: 799px)";
  var folded = null;  // the officer's own choice, once they open or fold it, kept while the editor is open

  /* The form's box a problem is about, so "Line 3" is not the only clue in a form that shows no lines: the box
     the message names ("has no Consent: line" is fixed in Consent), else the field on that line of the file's
     header, else "Text" below it. ``fields`` is [{key, label, header}] with the file's header line numbers. */
  function boxFor(problem, fields) {
    if (!fields) return null;
    var named = fields.labels.filter(function (label) { return problem.message.indexOf(label + ":") >= 0; });
    if (named.length) return named[0];
    return fields.lines[problem.line] || (problem.line > fields.headerEnd ? "Text" : null);
  }

  /* Which field each header line of ``text`` holds, by the format's labels (continuation lines too). */
  function fieldLines(text, format) {
    var labels = {};
    format.fields.forEach(function (f) {
      labels[f.key] = f.label;
      (f.aliases || []).forEach(function (alias) { labels[alias] = f.label; });
    });
    var lines = {}, current = null, end = 0;
    var rows = String(text).split("\n");
    for (var i = 0; i < rows.length; i++) {
      if (!rows[i].trim()) break;
      var key = /^([A-Za-z][A-Za-z0-9_-]*)\s*:/.exec(rows[i]);
      if (key) current = labels[key[1].toLowerCase()] || key[1];
      if (current) lines[i + 1] = current;
      end = i + 1;
    }
    var all = format.fields.map(function (f) { return f.label; })
      .sort(function (a, b) { return b.length - a.length; });  // "Annual-report-title" before "Annual-report"
    return { lines: lines, headerEnd: end, labels: all };
  }

  /* The file as saved, read through the editor's own file server (./dev edit), or null. */
  function savedText(editor, file) {
    var backend = editor.cms.local_backend && editor.cms.local_backend.url;
    if (!backend) return Promise.resolve(null);
    var path = editor.content_prefix.replace(/\/$/, "") + "/" + file;
    return fetch(backend, { method: "POST", headers: { "Content-Type": "application/json" },
                            body: JSON.stringify({ action: "getEntry", params: { branch: "main", path: path } }) })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (entry) { return entry && typeof entry.data === "string" ? entry.data : null; })
      .catch(function () { return null; });
  }

  function show(file, problems, fields) {
    var box = panel();
    box.textContent = "";
    var errors = problems.filter(function (p) { return p.severity === "error"; }).length;
    if (!problems.length) {
      box.appendChild(element("h2", "inmind-problems__title", "Checks: no problems in " + file));
      return;
    }
    var title = "Checks: " + problems.length + (problems.length === 1 ? " thing" : " things") + " to look at" +
      (errors ? " (" + errors + " must be fixed before it can be published)" : "");
    var details = element("details", "inmind-problems__details");
    var open = folded === null ? !window.matchMedia(NARROW).matches : !folded;
    if (open) details.open = true;
    var summary = element("summary", "inmind-problems__summary");
    summary.appendChild(element("h2", "inmind-problems__title", title));
    // A click (or Enter or Space) on the title toggles the panel after this runs: it is folded if it was open.
    summary.addEventListener("click", function () { folded = details.open; });
    details.appendChild(summary);
    details.appendChild(element("p", "inmind-problems__file", "In " + file + ":"));
    var list = element("ul", "inmind-problems__list");
    problems.forEach(function (p) {
      var item = element("li", "inmind-problems__item inmind-problems__item--" + (p.severity === "error" ? "error" : "warning"));
      var box = p.line ? boxFor(p, fields) : null;
      var where = p.line ? "Line " + p.line + (box ? " (" + box + ")" : "") + ": " : "";
      item.appendChild(element("span", "inmind-problems__message",
        where + (p.severity === "error" ? "must fix: " : "worth a look: ") + p.message.replace(/ \[[a-z-]+\]$/, "")));
      if (p.hint) item.appendChild(element("p", "inmind-problems__hint", "What to do: " + p.hint));
      list.appendChild(item);
    });
    details.appendChild(list);
    box.appendChild(details);
  }

  function start(editor) {
    var check = function () {
      var file = fileOf(editor, location.hash);
      var box = document.getElementById("inmind-problems");
      if (!file) {
        if (box) box.remove();
        return;
      }
      var problems = fetch(editor.problems_url + "?file=" + encodeURIComponent(file), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; });
      Promise.all([problems, savedText(editor, file)])
        .then(function (found) {
          if (found[0]) show(file, found[0], found[1] === null ? null : fieldLines(found[1], editor.format));
        })
        .catch(function () { /* not the dev server: nothing to show */ });
    };
    window.addEventListener("hashchange", check);
    window.CMS.registerEventListener({ name: "postSave", handler: function () { setTimeout(check, 300); } });
    check();
  }

  window.InMindProblems = { start: start, fileOf: fileOf, fieldLines: fieldLines, boxFor: boxFor };
})();
