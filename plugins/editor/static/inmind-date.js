/*
 * The editor's date box (Decap widget "inmind-date"): the browser's own date picker, holding the value in the
 * file's form ("YYYY-MM-DD HH:MM", or "YYYY-MM-DD" without a time). Decap's own date widget reads a date such
 * as 2026-11-31 leniently and shows 1 December, so saving would move the post; this one never changes a date
 * by itself: an impossible date stays as written and is refused, in the checker's words, in the field's box.
 * The words come from config.json (plugins/editor/model.py, from inmind/check_file.py). Runs in the browser
 * (window.InMindDate) and in node (require) for tests.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.InMindDate = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // The ISO form the checker reads (after turning a day-first slash date round, as inmind-format.js does).
  var ISO = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[ T](?:\s*(\d{1,2}):(\d{2}))?)/;

  function fill(template, values) {
    return template.replace(/%\{(\w+)\}/g, function (_, name) { return String(values[name]); });
  }

  function two(n) {
    return ("0" + n).slice(-2);
  }

  var DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

  /* Days in a month as Python's calendar counts them (the checker's rule; 31 outside years 1 to 9999). */
  function daysIn(year, month) {
    if (year < 1) return 31;
    var leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    return month === 2 && leap ? 29 : DAYS[month - 1];
  }

  /* What is impossible about an ISO date, as {kind, ...values}; null for a real date or text that is not ISO. */
  function fault(value) {
    var match = ISO.exec(String(value || ""));
    if (!match) return null;
    var year = parseInt(match[1], 10);
    var month = parseInt(match[2], 10);
    var day = parseInt(match[3], 10);
    var written = String(value).trim();
    if (month < 1 || month > 12) return { kind: "no_such_month", value: written, month: match[2] };
    var days = daysIn(year, month);
    if (day < 1 || day > days) return { kind: "no_such_day", day: day, month: month, year: year, days: days };
    if (match[4] !== undefined && (parseInt(match[4], 10) > 23 || parseInt(match[5], 10) > 59)) {
      return { kind: "no_such_time", value: written };
    }
    return null;
  }

  /* The checker's words for a date that does not exist, or "" when ``value`` is a real date or not ISO at all. */
  function problem(value, words) {
    var found = fault(value);
    if (!found) return "";
    if (found.kind === "no_such_day") found.month = words.months[found.month - 1];
    return fill(words[found.kind], found);
  }

  /* The picker's value ("YYYY-MM-DDTHH:MM" or "YYYY-MM-DD") for a real date in the file's form; "" otherwise. */
  function toInput(value, withTime) {
    var match = ISO.exec(String(value || ""));
    if (!match || fault(value)) return "";
    var date = match[1] + "-" + two(match[2]) + "-" + two(match[3]);
    return withTime ? date + "T" + two(match[4] || "0") + ":" + (match[5] || "00") : date;
  }

  /* The date of a real ISO value written out, "Tuesday 1 December 2026 at 09:00", or "" for any other text. */
  function writtenOut(value, words) {
    var match = ISO.exec(String(value || ""));
    if (!match || fault(value)) return "";
    var year = parseInt(match[1], 10), month = parseInt(match[2], 10), day = parseInt(match[3], 10);
    var date = new Date(Date.UTC(2000, month - 1, day));
    date.setUTCFullYear(year);  // Date.UTC reads years 0 to 99 as 1900 to 1999
    // getUTCDay counts from Sunday; the names come from Python's calendar, which counts from Monday.
    var values = { weekday: words.days[(date.getUTCDay() + 6) % 7], day: day, month: words.months[month - 1], year: year };
    if (match[4] === undefined) return fill(words.chosen, values);
    values.time = two(match[4]) + ":" + match[5];
    return fill(words.chosen_time, values);
  }

  /* The file's form of a picker's value. */
  function fromInput(text) {
    return String(text || "").replace("T", " ");
  }

  /* The Decap control: the picker, and the reason it is refused (Decap shows it in the field's box). */
  function control(h, createClass, words) {
    return createClass({
      withTime: function () {
        return this.props.field.get("time_format") !== false;
      },
      componentDidMount: function () {
        // A file that already holds an impossible date says so as it opens, not only when saved.
        var self = this;
        if (problem(this.props.value, words) && this.props.validate) setTimeout(function () { self.props.validate(); }, 0);
      },
      isValid: function () {
        var message = this.badInput ? words.not_a_date : problem(this.props.value, words);
        return message ? { error: { type: "CUSTOM", message: this.props.field.get("label") + ": " + message } } : true;
      },
      getInitialState: function () {
        return { badInput: false };
      },
      onChange: function (event) {
        // The picker holds no value while its day, month and year do not make a date (31/11, or half typed):
        // the file's date is left as it was, and the box says why it cannot be saved.
        this.badInput = event.target.validity.badInput;
        this.setState({ badInput: this.badInput });  // the written-out date goes while the box holds no date
        if (!this.badInput) this.props.onChange(fromInput(event.target.value));
        var self = this;
        if (this.props.validate) setTimeout(function () { self.props.validate(); }, 0);
      },
      setNow: function () {
        var now = new Date();
        var date = now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
        this.input.value = this.withTime() ? date + "T" + two(now.getHours()) + ":" + two(now.getMinutes()) : date;
        this.onChange({ target: this.input });
      },
      render: function () {
        var self = this;
        var value = this.props.value;
        var shown = toInput(value, this.withTime());
        // A date the picker cannot show (written "5 May 2026", say) is named beside it, so the box is not blank.
        var unreadable = value && !shown && !problem(value, words);
        // The picker lays out day and month as the browser's language does (10/12 is October in the US and
        // December here), so the chosen date is also written out in words, the file's value unchanged.
        var chosen = this.state.badInput ? "" : writtenOut(value, words);
        var described = [unreadable ? this.props.forID + "-written" : "", chosen ? this.props.forID + "-chosen" : ""]
          .filter(Boolean).join(" ");
        return h("div", { className: this.props.classNameWrapper + " inmind-date" },
          // Uncontrolled: React would otherwise put the old date back over a half-typed or impossible one.
          h("input", {
            id: this.props.forID,
            ref: function (input) { self.input = input; },
            type: this.withTime() ? "datetime-local" : "date",
            defaultValue: shown,
            onChange: this.onChange,
            onFocus: this.props.setActiveStyle,
            onBlur: this.props.setInactiveStyle,
            "aria-describedby": described || undefined
          }),
          h("button", { type: "button", className: "inmind-date__now", onClick: this.setNow }, words.now),
          // Always there, so a screen reader announces the new date as it changes (a live region added later is not).
          h("p", { id: this.props.forID + "-chosen", className: "inmind-date__chosen", "aria-live": "polite" }, chosen),
          unreadable ? h("p", { id: this.props.forID + "-written" }, fill(words.written, { value: value })) : null);
      }
    });
  }

  function register(CMS, words) {
    var Control = control(window.h, window.createClass, words);
    var preview = function (props) { return window.h("p", null, String(props.value || "")); };
    CMS.registerWidget("inmind-date", Control, preview);
    // Also under Decap's own name "date", for the post's Date field: Decap takes {{year}} in a new file's name from
    // a field of that widget only, and otherwise uses this year (a 2019 post went into blog/2026/).
    CMS.registerWidget("date", Control, preview);
  }

  return { problem: problem, toInput: toInput, fromInput: fromInput, writtenOut: writtenOut, register: register };
});
