#!/usr/bin/env node
// The browser editor's file server (`./dev edit`): Decap's own local-files server, behind two rules of ours.
//
// decap-server answers whatever Host a request names, and reads and writes any file of the repository. A web
// page elsewhere can point a domain name of its own at 127.0.0.1 ("DNS rebinding") and then talk to this
// port as its own site: it could read private/names.toml (anonymous writers' real names) or rewrite
// pelicanconf.py, which the next build runs. So a request must name this computer (as the dev server
// requires too), come from no other site, and name only files inside the content folder.
//
// Environment: PORT, BIND_HOST, GIT_REPO_DIRECTORY and LOG_LEVEL as decap-server reads them;
// INMIND_EDITOR_FOLDER, the content folder relative to GIT_REPO_DIRECTORY (default "content"); and
// INMIND_EDITOR_PAGE_PORT, the port of the dev server whose /admin/ page is the editor: a page of this computer on
// any other port (another program's local server, a page it shows) is another site too. Without it, no page is.
"use strict";

const path = require("path");
const express = require("express");
const { registerLocalFs } = require("decap-server/dist/middlewares");

const LOCAL_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;
const PAGE_PORT = /^\d+$/.test(process.env.INMIND_EDITOR_PAGE_PORT || "") ? process.env.INMIND_EDITOR_PAGE_PORT : null;
// A browser leaves out port 80 from an origin.
const EDITOR_ORIGIN = new RegExp(`^http://(localhost|127\\.0\\.0\\.1|\\[::1\\])${PAGE_PORT === "80" ? "(:80)?" : `:${PAGE_PORT}`}$`, "i");
const FOLDER = (process.env.INMIND_EDITOR_FOLDER || "content").replace(/^\/+|\/+$/g, "");

function insideFolder(value) {
  // Decap writes the media folder with a leading "/"; a backslash is a separator to some readers.
  const normal = path.posix.normalize(value.replace(/\\/g, "/").replace(/^\/+/, ""));
  return normal === FOLDER || normal.startsWith(`${FOLDER}/`);
}

// True when any address the request names (path, paths, folder, mediaFolder, newPath…, at any depth) is outside.
function namesOutside(value, key) {
  if (Array.isArray(value)) return value.some((item) => namesOutside(item, key));
  if (value && typeof value === "object") return Object.entries(value).some(([k, v]) => namesOutside(v, k));
  return typeof value === "string" && /path|folder/i.test(key) && !insideFolder(value);
}

function refuse(res, error) {
  res.status(403).json({ error });
}

async function main() {
  const app = express();
  app.use((req, res, next) => {
    const origin = req.headers.origin;
    if (!LOCAL_HOST.test(req.headers.host || "") || (origin !== undefined && !(PAGE_PORT && EDITOR_ORIGIN.test(origin)))) {
      refuse(res, "open the editor at http://127.0.0.1 or http://localhost");
      return;
    }
    next();
  });
  app.use(express.json({ limit: "50mb" }));
  app.use((req, res, next) => {
    if (req.body && namesOutside(req.body.params, "")) {
      refuse(res, `the editor reads and writes only files inside ${FOLDER}/`);
      return;
    }
    next();
  });
  await registerLocalFs(app, { logLevel: process.env.LOG_LEVEL || "info" });
  const port = Number(process.env.PORT || 8081);
  app.listen(port, process.env.BIND_HOST || "127.0.0.1");
}

main().catch((error) => {
  console.error(`editor: the file server could not start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
