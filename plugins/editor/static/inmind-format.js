/*
 * The "Key: value" metadata format of this site's Markdown files, for the browser editor (Decap CMS).
 *
 * The header is read with the same rules as inmind/source.py (Python-Markdown's meta extension): it
 * ends at the first blank line or "---"/"..." line, keys are case-insensitive, a repeated key gives
 * several values, and a line indented by four spaces continues the previous one.
 *
 * Saving patches the file it was opened from: a field whose value did not change keeps its lines
 * exactly as written, so opening and saving a file unchanged gives back the same bytes, and changing
 * one word changes one line. Runs in the browser (window.InMindFormat) and in node (require) for tests.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.InMindFormat = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var META_RE = /^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)$/;
  var META_MORE_RE = /^[ ]{4,}(.*)$/;
  var BEGIN_RE = /^-{3}(\s.*)?$/;
  var END_RE = /^(-{3}|\.{3})(\s.*)?$/;
  // Bytes that never appear in a text file: a file holding them was not saved as plain text.
  var NOT_TEXT_RE = /[\u0000-\u0008\u000e-\u001f\ufffd]/;

  function splitLines(text) {
    // Each line keeps its own line ending, so joining them gives back the text exactly.
    var lines = text.match(/[^\n]*\n|[^\n]+$/g);
    return lines || [];
  }

  function stripEnding(line) {
    return line.replace(/\r?\n$/, "");
  }

  function clean(value) {
    // A value is one line of plain text: a line break in it would start a new "Key:" line.
    return String(value).replace(/[\r\n\u2028\u2029]+/g, " ").trim();
  }

  /* Split a file into {bom, prefix, fields, separator, body, ending}; fields keep their raw lines. */
  function parse(text) {
    var bom = "";
    if (text.charAt(0) === "\ufeff") {
      bom = "\ufeff";
      text = text.slice(1);
    }
    var lines = splitLines(text);
    var index = 0;
    var prefix = "";
    if (lines.length && BEGIN_RE.test(stripEnding(lines[0]))) {
      prefix = lines[0];
      index = 1;
    }
    var fields = [];
    var separator = "";
    var current = null;
    for (; index < lines.length; index++) {
      var line = stripEnding(lines[index]).replace(/\t/g, "    ");
      if (line.trim() === "" || END_RE.test(line)) {
        separator = lines[index];
        index++;
        break;
      }
      var match = META_RE.exec(line);
      if (match) {
        current = { key: match[1].toLowerCase(), name: match[1], values: [match[2].trim()], raw: lines[index] };
        fields.push(current);
        continue;
      }
      var more = META_MORE_RE.exec(line);
      if (!(more && current)) break;
      current.values.push(more[1].trim());
      current.raw += lines[index];
    }
    var ending = /\r\n/.test(text) ? "\r\n" : "\n";
    return { bom: bom, prefix: prefix, fields: fields, separator: separator, body: lines.slice(index).join(""), ending: ending };
  }

  /* Return the reason a file cannot be edited safely, or "" when it can. */
  function unreadable(text) {
    if (NOT_TEXT_RE.test(text)) {
      return "this file is not plain text saved as UTF-8 (it may be a Word document or a picture); " +
        "it is shown read-only so that saving cannot damage it";
    }
    return "";
  }

  function Format(spec) {
    // spec: {fields: [{key, name, label, kind}], authors: [names]}; kind is text, list, repeat or people.
    this.spec = spec;
    this.byKey = {};
    for (var i = 0; i < spec.fields.length; i++) {
      var f = spec.fields[i];
      var keys = [f.key].concat(f.aliases || []);
      for (var k = 0; k < keys.length; k++) this.byKey[keys[k]] = f;
    }
    this.registry = {};
    for (var a = 0; a < (spec.authors || []).length; a++) this.registry[spec.authors[a]] = true;
  }

  /* The editor's value of one field from its header lines (as Pelican reads them). */
  Format.prototype.valueOf = function (field, lines) {
    var values = [];
    for (var i = 0; i < lines.length; i++) values = values.concat(lines[i].values);
    if (field.kind === "repeat") return values.filter(function (v) { return v !== ""; });
    var joined = values.join(" ").trim();
    if (field.day_first) joined = dayFirst(joined, field.day_first);
    if (field.kind === "list") return splitList(joined);
    if (field.kind === "people") return this.people(joined);
    return joined;
  };

  /* A slash date such as 05/12/2026 09:00 as the build reads it (day first, the scheduling plugin's pattern),
     in the ISO form the date picker shows; so opening such a file and saving it unchanged keeps its line. */
  function dayFirst(text, pattern) {
    var match = new RegExp(pattern, "s").exec(text);
    if (!match) return text;
    var year = match[3].length === 2 ? "20" + match[3] : match[3];
    function two(n) { return ("0" + parseInt(n, 10)).slice(-2); }
    return year + "-" + two(match[2]) + "-" + two(match[1]) + match[4];
  }

  function splitList(text) {
    return text.split(",").map(function (v) { return v.trim(); }).filter(function (v) { return v !== ""; });
  }

  /* Authors from the registry are chosen from a list; anyone else is the one-off guest. */
  Format.prototype.people = function (text) {
    var registered = [];
    var guests = [];
    var names = splitList(text);
    for (var i = 0; i < names.length; i++) (this.registry[names[i]] ? registered : guests).push(names[i]);
    return { authors: registered, guest: guests.join(", ") };
  };

  Format.prototype.fromFile = function (text) {
    var reason = unreadable(text);
    if (reason) return { __unreadable: reason, __original: text, body: text };
    var parsed = parse(text);
    var data = { body: parsed.body, __header: headerText(parsed) };
    var grouped = this.group(parsed.fields);
    for (var i = 0; i < this.spec.fields.length; i++) {
      var field = this.spec.fields[i];
      if (!grouped[field.name]) continue;
      var value = this.valueOf(field, grouped[field.name]);
      if (field.kind === "people") {
        data.authors = value.authors;
        if (value.guest) data.guest = value.guest;
      } else {
        data[field.name] = value;
      }
    }
    return data;
  };

  function headerText(parsed) {
    var text = parsed.bom + parsed.prefix;
    for (var i = 0; i < parsed.fields.length; i++) text += parsed.fields[i].raw;
    return text + parsed.separator;
  }

  /* Header lines of the fields the editor knows, by field name. */
  Format.prototype.group = function (fields) {
    var grouped = {};
    for (var i = 0; i < fields.length; i++) {
      var field = this.byKey[fields[i].key];
      if (!field) continue;
      (grouped[field.name] = grouped[field.name] || []).push(fields[i]);
    }
    return grouped;
  };

  function empty(value) {
    return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
  }

  function same(a, b) {
    if (empty(a) && empty(b)) return true;
    return JSON.stringify(a) === JSON.stringify(b);
  }

  /* The editor's current value of a field, in the shape valueOf gives. */
  Format.prototype.current = function (field, data) {
    if (field.kind === "people") {
      if (data.authors === undefined && data.guest === undefined) return undefined;
      return { authors: (data.authors || []).slice(), guest: clean(data.guest || "") };
    }
    var value = data[field.name];
    if (value === undefined || value === null) return value;
    if (field.kind === "repeat" || field.kind === "list") {
      return (Array.isArray(value) ? value : [value]).map(clean).filter(function (v) { return v !== ""; });
    }
    return clean(value);
  };

  /* New header lines for a changed field ("" when it is now empty). */
  Format.prototype.render = function (field, value, name, ending) {
    name = name || field.label;
    if (field.omit !== undefined && value === field.omit) return "";  // "published" is no Status line
    if (field.kind === "repeat") {
      return value.map(function (v) { return name + ": " + v + ending; }).join("");
    }
    if (field.kind === "people") {
      var names = value.authors.concat(value.guest ? splitList(value.guest) : []);
      return names.length ? name + ": " + names.join(", ") + ending : "";
    }
    if (field.kind === "list") return value.length ? name + ": " + value.join(", ") + ending : "";
    return value === "" ? "" : name + ": " + value + ending;
  };

  Format.prototype.toFile = function (data) {
    if (data.__unreadable) {
      // Never overwrite a file the editor could not read: the save fails with the reason.
      throw new Error("This file cannot be saved from the editor: " + data.__unreadable + ".");
    }
    var original = parse(data.__header || "");
    var isNew = data.__header === undefined;
    var ending = original.ending;
    var grouped = this.group(original.fields);
    var out = [];
    var written = {};
    var unchanged = {};
    for (var i = 0; i < original.fields.length; i++) {
      var line = original.fields[i];
      var field = this.byKey[line.key];
      if (!field) {
        out.push(line.raw);  // a field the editor does not show stays exactly as written
        continue;
      }
      if (!written[field.name]) {
        written[field.name] = true;
        var now = this.current(field, data);
        unchanged[field.name] = now === undefined || same(this.valueOf(field, grouped[field.name]), now);
        // A changed field is written where it first stood; its other lines go.
        if (!unchanged[field.name]) out.push(this.render(field, now, line.name, ending));
      }
      if (unchanged[field.name]) out.push(line.raw);
    }
    for (var n = 0; n < this.spec.fields.length; n++) {
      var added = this.spec.fields[n];
      if (written[added.name]) continue;
      var value = this.current(added, data);
      if (value === undefined || empty(value) || (added.kind === "people" && empty(value.authors) && !value.guest)) continue;
      out.push(this.render(added, value, null, ending));
    }
    var body = data.body === undefined ? "" : String(data.body);
    var separator = original.separator;
    // A blank line ends a header the editor started; an existing file keeps whatever ended its header.
    if (!separator && out.length && (isNew || original.fields.length === 0)) separator = ending;
    if (isNew && body !== "" && !/\n$/.test(body)) body += ending;
    return original.bom + original.prefix + out.join("") + separator + body;
  };

  return { Format: Format, parse: parse, unreadable: unreadable };
});
