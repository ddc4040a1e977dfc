// Test helper: runs the editor's real format code (plugins/editor/static/inmind-format.js) in node.
// Reads {spec, cases: [{text (base64), edits}]} as JSON on stdin; for each case opens the text as the
// editor does, applies the edits to the fields, saves, and prints {outputs: [base64], data: [...]}.
"use strict";
const path = require("path");
const { Format } = require(path.resolve(__dirname, "../../../plugins/editor/static/inmind-format.js"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  const format = new Format(request.spec);
  const outputs = [];
  const data = [];
  for (const c of request.cases) {
    const text = Buffer.from(c.text, "base64").toString("utf8");
    const opened = c.new ? {} : format.fromFile(text);
    data.push(opened);
    const edited = Object.assign(JSON.parse(JSON.stringify(opened)), c.edits || {});
    try {
      outputs.push({ text: Buffer.from(format.toFile(edited), "utf8").toString("base64") });
    } catch (error) {
      outputs.push({ error: String(error.message) });
    }
  }
  process.stdout.write(JSON.stringify({ outputs, data }));
});
