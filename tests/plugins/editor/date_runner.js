// Test helper: runs the editor's date box rules (plugins/editor/static/inmind-date.js) in node.
// Reads {words, values} as JSON on stdin; prints [{problem, input, back, written}] for each value.
"use strict";
const path = require("path");
const date = require(path.resolve(__dirname, "../../../plugins/editor/static/inmind-date.js"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  process.stdout.write(JSON.stringify(request.values.map((value) => (
    { problem: date.problem(value, request.words), input: date.toInput(value, true), back: date.fromInput(date.toInput(value, true)),
      written: date.writtenOut(value, request.words) }
  ))));
});
