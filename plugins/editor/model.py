"""Pure: the editor's content model, generated from the files and settings that already define it.

Nothing here is a second copy: the metadata names from the fields the site reads (``inmind.fields``), the
required fields, limits and hints from the ``CHECKS`` setting and the checker, the authors, themes and
role groups from the registries through the coproduction plugin, the AGM keys and attendance modes from
the AGM plugin, the transcript folder and caption choices from the video plugin, and the fields that
safeguarding, share cards and scheduling add from each plugin's own ``editor_fields(settings)``.
"""

from __future__ import annotations

import calendar
import importlib
import re
from pathlib import Path

from inmind import check, check_file, check_settings
from inmind.config import provided
from inmind.fields import INTERNAL, known_fields, label
from inmind.source import SERIES_INDEX_HINT

ROOT = Path(__file__).resolve().parent.parent.parent

# Metadata the editor shows. Any other key (Tags, Lang, Template, …) stays in the file exactly as written.
SHOWN = (
    "title", "date", "author", "authors", "summary", "slug", "status", "series", "series_index", "themes",
    "auto-themes", "transcript", "author-role", "role-group", "venue", "attendance", "annual-report",
    "annual-report-title", "minutes", "highlight",
)
# Keys of AGM summaries only; blog posts never carry them.
AGM_ONLY = ("venue", "attendance", "annual-report", "annual-report-title", "minutes", "highlight")
# How the editor holds a key: "people" (Author/Authors), "list" (comma separated), "repeat" (one line each).
KINDS = {"author": "people", "themes": "list", "highlight": "repeat"}
ALIASES = {"author": ["authors"]}
# Statuses an officer chooses between; "published" is written as no Status line, as the README says.
STATUS_CHOICES = [{"label": "Draft: not on the site yet", "value": "draft"},
                  {"label": "Published (or scheduled, if the date is in the future)", "value": "published"}]
# The Author and Guest hints: the local editor lists every registered writer; the hosted one (a public config.json)
# only those with a published post, so the officer choosing the writer is told so, and what to type instead.
# Only blog posts have a Guest box (an AGM summary's fields are the AGM plugin's keys).
WRITER_HINTS = {
    "local": {"author": "Choose from the authors list.",
              "to_guest": " Someone writing once goes in 'Guest' below instead.",
              "guest": "The name of a one-off guest writer who is not in the authors list."},
    "hosted": {"author": "Only writers with a published post are listed here, because this list is public.",
               "to_guest": " For a writer's first post, type their name in 'Guest' below instead.",
               "guest": "A one-off guest writer, or a writer on the authors list whose first post this is: type their "
                        "name exactly as it is spelt in 'Authors and themes', 'Authors list' (an anonymous writer's "
                        "public name, such as 'A carer', never their real name). It is saved as that writer's post."},
}
# Decap's widgets for the kinds of field a plugin declares (its own keys override these).
# Dates use our own box (static/inmind-date.js), not Decap's "datetime": that one reads 2026-11-31 as 1 December.
WIDGETS = {"date": {"widget": "inmind-date", "time_format": False}}
# The post's own Date: our date box under Decap's name for a date widget, which is where Decap reads {{year}} from
# for a new file's name (static/inmind-date.js registers the box under both names).
POST_DATE_WIDGET = "date"
# A title like the others of its kind, for the kinds whose titles are not a blog post's (the checker's example).
TITLE_EXAMPLES = {
    "agm": "'Annual General Meeting' and the year of the meeting, such as 'Annual General Meeting 2025'.",
    "transcripts": "'Transcript:' and the video's title, such as 'Transcript: Planting day'.",
    "pages": "What the page is about, such as 'Accessibility statement'.",
}
# An empty required field, as the checker says it (Decap fills in the field's label).
REQUIRED = "%{fieldLabel}: is empty"
# The date box writes the same "YYYY-MM-DD HH:MM" that the checker reads.
DATE_FORMAT = {"time_format": "HH:mm"}


def plugin_module(name):
    """Import one of the site's plugin modules (Pelican puts PLUGIN_PATHS on sys.path before plugins load)."""
    return importlib.import_module(name)


def field_name(key):
    """Return the editor's field name for a metadata key."""
    return "authors" if key in ("author", "authors") else key.replace("-", "_")


def captions_field():
    """Return the video plugin's Captions: line as a declaration: one choice per video, in the videos' order."""
    captions = plugin_module("video_embeds.captions")
    return {"key": "captions", "folders": ["blog", "agm"], "widget": "list", "kind": "repeat",
            "field": {"label": "Captions", "name": "captions", "widget": "select", "options": list(captions.KINDS)},
            "hint": captions.HINT[:1].upper() + captions.HINT[1:] + " (first video first)."}


def declarations(settings):
    """Return the fields the enabled plugins declare for the editor (``editor_fields``), in plugin order."""
    found = []
    for name, declare in provided(settings, "editor_fields"):
        if isinstance(declare, Exception):
            continue  # a plugin that cannot load is reported by the build itself
        for entry in declare(settings):
            found.append({**entry, "plugin": name})
    if any(name == "video_embeds" for name, _ in provided(settings, "is_video_link")):
        found.append({**captions_field(), "plugin": "video_embeds"})
    return found


def added_keys(known, declared=()):
    """Return the fields the site reads (``known``, inmind.fields) that no one lays out (shown as plain text on posts)."""
    own = {d["key"] for d in declared}
    return [key for key in known if key not in SHOWN and key not in INTERNAL and key not in own]


def shown_keys(known):
    """Return the keys of SHOWN that the site reads: a turned-off plugin's fields (Transcript:, Venue:) are not offered."""
    return [key for key in SHOWN if key in known]


def format_spec(authors, known, declared=()):
    """Return what the "Key: value" format needs: every shown key's field name, label and kind."""
    extra = []
    for d in declared:
        if d["key"] not in SHOWN and d["key"] not in extra:
            extra.append(d["key"])
    fields = []
    for key in (*shown_keys(known), *extra, *added_keys(known, declared)):
        if key == "authors":
            continue  # an alias of "author"
        kinds = [d["kind"] for d in declared if d["key"] == key and "kind" in d]
        entry = {"key": key, "name": field_name(key), "label": label(key), "kind": (kinds or [KINDS.get(key, "text")])[0]}
        if key in ALIASES:
            entry["aliases"] = ALIASES[key]
        if key == "status":
            entry["omit"] = "published"
        for d in declared:
            if d["key"] == key and d.get("day_first"):
                entry["day_first"] = d["day_first"]
        fields.append(entry)
    return {"fields": fields, "authors": [a.name for a in authors]}


def upload_rules(settings):
    """Return the file vetting's limits for pictures: the largest size and the endings it accepts."""
    vetting = plugin_module("file_vetting.settings").merged(settings)
    kinds = plugin_module("file_vetting.kinds")
    pictures = sorted(ext for ext, kind in kinds.EXTENSIONS.items()
                      if kind in vetting.kinds and kinds.LABELS[kind].endswith(" picture"))
    # What to do with a file the editor's picture library will not take, in the build's words, by its ending.
    documents = sorted(ext for ext, kind in kinds.EXTENSIONS.items()
                       if kind in vetting.kinds and not kinds.LABELS[kind].endswith(" picture"))
    instead = {ext: hint for ext, hint in plugin_module("file_vetting.vet").instead_table().items()
               if ext not in pictures and ext not in documents}
    return {"max_bytes": int(vetting.max_mb * kinds.MB), "max_mb": vetting.max_mb, "pictures": pictures,
            "documents": documents, "instead": dict(sorted(instead.items()))}


def guest_needs():
    """Return what a one-off guest's post must also say (Author-role, Role-group), in the form's words."""
    # The build refuses a guest without a role or a group ("guest author ... has an Author-role but no Role-group"),
    # which an officer learnt only after saving. Only the local editor refuses it before saving: it lists every
    # registered writer, so a name in Guest is a guest's; the hosted one's Guest box also takes a registered
    # writer's first post, whose role and group are in the registry.
    empty = REQUIRED
    return {
        "author_role": {"label": label("author-role"),
                        "message": f"{empty}: %{{name}}, a guest writer, needs their role, such as 'Carer'"},
        "role_group": {"label": label("role-group"),
                       "message": f"{empty}: %{{name}}, a guest writer, needs the group they belong to"},
    }


def messages(checks, uploads, declared=(), *, local=True):
    """Return the checker's own words for an empty required field and its hints, for the editor to show."""
    return {
        "guest_needs": guest_needs() if local else None,
        # A field needed only when another is filled in (Share-image-alt with Share-image), in its plugin's words.
        "required_with": [{"field": field_name(d["key"]), "when": field_name(d["required_with"]), "message": d["message"]}
                          for d in declared if d.get("required_with")],
        "required": REQUIRED,
        "too_large": f"This file is bigger than {uploads['max_mb']} MB, the limit for files on this site. Make it "
                     "smaller: pictures 2,000 pixels wide are plenty.",
        "hints": dict(check.HINTS),
        "no_alt": no_alt_words(),
        # An AGM document's box holds an uploaded file ({static}/…) or a web address (https://…), nothing else.
        "document_links": {"pattern": r"^(https://|\{static\}/)",
                           "fields": {field_name(k): f"{label(k)}: {plugin_module('agm.model').URL_HINT}"
                                      for k in ("annual-report", "minutes")}},
        "no_link_text": 'the document "%{file}" has no link text: in its Link text box, say what readers will get, '
                        "such as 'Annual report 2019'",
        "video_length": plugin_module("video_embeds.source").not_a_length("%{length}"),
        "summary_max": checks.summary_max,
        "pictures": uploads["pictures"],
        "documents": uploads["documents"],
        "max_bytes": uploads["max_bytes"],
        "not_a_picture": {
            "message": '"%{file}" cannot be added: the site publishes pictures saved as ' + ", ".join(uploads["pictures"])
                       + " and documents saved as " + ", ".join(uploads["documents"]),
            "instead": uploads["instead"],
            "other": "choose a file of one of those kinds",
            # A phone's own photo kind: the commonest refusal, and the one officers cannot tell from a JPEG.
            "phone": {".heic": HEIC_HOW, ".heif": HEIC_HOW},
        },
        "dates": date_words(),
    }


def no_alt_words():
    """Return the checker's alt-text hint in the form's words: the Alt Text box, not Markdown's ![...](...)."""
    # In the editor the picture's alt text is a box under it; "![...](...)" meant nothing to an officer there.
    advice, _, example = check.HINTS["alt"].partition(": ![")
    example = example.split("]", 1)[0]
    return (f'the picture "%{{file}}" has no alt text: in its Alt Text box (under the picture), {advice}, '
            f'such as "{example}"')


HEIC_HOW = ("an iPhone saves photos as HEIC: emailing the photo to yourself, or choosing Settings, Camera, Formats, "
            "Most Compatible before taking it, gives a JPEG")


def date_words():
    """Return the checker's words for an impossible date, with %{...} places for the editor's date box to fill."""
    return {
        "no_such_day": check_file.no_such_day("%{day}", "%{month}", "%{year}", "%{days}"),
        "no_such_month": check_file.no_such_month("%{value}", "%{month}"),
        "no_such_time": check_file.unreadable_date("%{value}"),
        "months": list(calendar.month_name)[1:],
        "days": list(calendar.day_name),  # Monday first
        # The chosen date written out beside the box, the UK way, so the picker's day/month order cannot mislead.
        "chosen": "%{weekday} %{day} %{month} %{year}",
        "chosen_time": "%{weekday} %{day} %{month} %{year} at %{time}",
        # The browser's picker holds no value while its parts do not make a date, so it cannot say which part.
        "not_a_date": "this is not a date that exists: check the day, the month and the year (April, June, "
                      "September and November have 30 days; February has 28, or 29 in a leap year)",
        "now": "Now",
        "written": 'The file says "%{value}", which this box cannot show; choose the date again to change it.',
    }


def _field(key, folder, checks, **widget):
    entry = {"label": label(key), "name": field_name(key), "required": key in checks.required.get(folder, ())}
    hint = check.HINTS.get(key)
    if hint:
        entry["hint"] = hint[:1].upper() + hint[1:] + "."
    entry.update(widget)
    return entry


def _declared_field(entry, folder, checks):
    """Return the Decap field of one plugin declaration: its widget, choices, hint and pattern with its words."""
    widget = {k: entry[k] for k in ("widget", "options", "field", "hint") if k in entry}
    widget.update(WIDGETS.get(entry.get("widget"), {}))
    if "pattern" in entry:
        widget["pattern"] = [entry["pattern"], entry["message"]]
    return _field(entry["key"], folder, checks, required=False, **widget)


def _apply(fields, folder, checks, declared):
    """Return ``fields`` with the plugins' declarations for ``folder`` (new fields go before the body)."""
    mine = [d for d in declared if folder in d.get("folders", ())]
    laid_out = {f["name"]: f for f in fields}
    added = []
    for entry in mine:
        name = field_name(entry["key"])
        if name in laid_out:
            existing = laid_out[name]
            if "options" in entry and existing.get("widget") == "select":
                existing["options"] = [*existing["options"], *entry["options"]]
            if "hint" in entry:
                existing["hint"] = entry["hint"]
        elif name not in {f["name"] for f in added}:
            added.append(_declared_field(entry, folder, checks))
    return [*fields[:-1], *added, fields[-1]]  # the body stays last


def form_hint(label_text, hint):
    """Return a checker's hint (written for a file's lines) in a form's words: its example without 'Key:'."""
    # In a form, "add a line such as 'Consent: CF-2026-001'" had officers type the key into the box as well.
    hint = re.sub(rf"'{re.escape(label_text)}:\s*'?\s*(with )?", lambda m: "" if m.group(1) else "'", hint,
                  flags=re.IGNORECASE)
    hint = re.sub(rf"\b{re.escape(label_text)}: ", "", hint)
    hint = re.sub(r"^(?:add|write) a line such as ", "Such as ", hint, flags=re.IGNORECASE)
    hint = re.sub(r"^add ", "", hint, flags=re.IGNORECASE)
    hint = re.sub(r" at the top(?: of the file)?", "", hint).replace("' with the ", "', the ")
    return hint[:1].upper() + hint[1:]


def fields_for(folder, checks, vocab, media_max_bytes, declared=(), *, known, local=True, documents=None):
    """Return the Decap fields of one content folder ("blog", "agm", "pages" or "transcripts")."""
    # A box for a field no enabled plugin reads would write a line that does nothing (and that the checks name).
    unread = {field_name(key) for key in SHOWN if key not in known}
    own = [f for f in _own_fields(folder, checks, vocab, media_max_bytes, declared, local, documents, known)
           if f["name"] not in unread]
    fields = _apply(own, folder, checks, declared)
    for field in fields:
        if "hint" in field and "label" in field:
            field["hint"] = form_hint(field["label"], field["hint"])
    return fields


def _document_field(key, folder, checks, documents):
    """Return an AGM document's field: a file uploaded to content/documents/, or an https:// address."""
    agm = plugin_module("agm.model")
    if not documents:
        return _field(key, folder, checks, widget="string", required=False, hint=agm.URL_HINT)
    # A typed "annual-report-2026.pdf" was saved and then refused by the build: the box now uploads the file where
    # the AGM plugin looks for it, or takes a web address through "Insert from URL", and refuses anything else.
    # Decap's pattern check refuses every value of a file box, so the address is checked before saving instead
    # (messages["document_links"], inmind-admin.js).
    return _field(key, folder, checks, widget="file", required=False, choose_url=True, **documents,
                  hint="Choose the file (a PDF) to upload it, or Insert from URL for one on another site (https://…).")


def body_document_field(documents):
    """Return the Document box's file field, declared under the text so its upload folder is honoured."""
    # Decap looks a file box's upload folder up among the collection's own fields, by identity, so a box inside
    # the text (an editor component) got the pictures' folder whatever its own said (decap-cms issue 6595), and
    # documents landed in content/images/. The field is declared here, under the text, where Decap's lookup
    # finds it (and loads a saved post's files from its folder); the Document box hands this very field to
    # Decap's file box (inmind-admin.js), so the file goes to content/documents/ and is written {static}/documents/.
    return {"label": "Document", "name": "document", "widget": "file", "required": False, "choose_url": False,
            **documents}


def _own_fields(folder, checks, vocab, media_max_bytes, declared, local, documents, known):
    agm = plugin_module("agm.model")
    theme_options = [{"label": t.label, "value": t.slug} for t in vocab["themes"]]
    author_options = [a.name for a in vocab["authors"]]
    group_options = [{"label": text, "value": slug} for slug, text in vocab["role_groups"].items()]
    # Decap's own media library reads its upload limit from the field that opens it. The preview pane renders
    # the body's raw HTML: sanitize_preview (a markdown field's option in Decap 3) has DOMPurify strip scripts
    # and on… attributes, so the /admin/ CSP is not the only guard against a hostile contributor's markup.
    body = {"label": "Text", "name": "body", "widget": "markdown", "modes": ["raw", "rich_text"],
            "sanitize_preview": True, "media_library": {"config": {"max_file_size": media_max_bytes}},
            "hint": "Start sections with ## (the title is the only top heading)."}
    if documents:
        body["fields"] = [body_document_field(documents)]
    title = _field("title", folder, checks, widget="string")
    if folder in TITLE_EXAMPLES:
        # The checker's example is a blog post's title; an AGM summary's or a transcript's form showed it too.
        title["hint"] = TITLE_EXAMPLES[folder]
    summary = _field("summary", folder, checks, widget="text",
                     hint=f"{check.HINTS['summary'][:1].upper()}{check.HINTS['summary'][1:]}; at most "
                          f"{checks.summary_max} characters.")
    slug = _field("slug", folder, checks, widget="string", required=False,
                  hint="The last part of the web address: lower-case letters, numbers and hyphens. "
                       "Made from the title if left empty.")
    if folder == "transcripts":
        return [title, slug, body]
    status = _field("status", folder, checks, widget="select", options=list(STATUS_CHOICES), default="draft",
                    required=False)
    if folder == "pages":
        return [title, summary, slug, status, body]
    date = _field("date", folder, checks, widget=POST_DATE_WIDGET, **DATE_FORMAT,
                  hint="When it goes on the site.")  # the scheduling plugin declares what a future date does
    words = WRITER_HINTS["local" if local else "hosted"]
    authors = _field("author", folder, checks, widget="select", multiple=True, options=author_options, required=False,
                     hint=words["author"] + (words["to_guest"] if folder == "blog" else ""))
    guest = {"label": "Guest", "name": "guest", "widget": "string", "required": False, "hint": words["guest"]}
    role = _field("author-role", folder, checks, widget="string", required=False,
                  hint="The guest's role, such as 'Carer'.")
    group = _field("role-group", folder, checks, widget="select", options=group_options, required=False,
                   hint="The group the guest belongs to.")
    themes = _field("themes", folder, checks, widget="select", multiple=True, options=theme_options, required=False,
                    hint="Chosen from the themes list; more are found in the text automatically.")
    auto = _field("auto-themes", folder, checks, widget="select", required=False,
                  options=[{"label": "Off: use only the themes chosen above", "value": "off"}],
                  hint="Leave empty to let the site add themes it finds in the text.")
    # Chosen from the Transcripts collection as it is now (Decap's relation box), not from a list made when the site
    # was built: a transcript written in the editor was missing from the post's list until the site was rebuilt and
    # the editor opened again (and, on the live editor, until the site was published).
    transcript = _field("transcript", folder, checks, widget="relation", required=False, collection="transcripts",
                        search_fields=["title"], display_fields=["title"],
                        value_field=f"{vocab['transcript_dir']}/{{{{filename}}}}.{{{{extension}}}}",
                        hint="The transcript of the video in this post: write it under Transcripts first, then type "
                             "a word of its title here.")
    if folder == "agm":
        known = agm.KNOWN_KEYS
        extra = [
            # The AGM plugin refuses a summary without a Venue: (agm.model.check), so the editor asks for one
            # before saving, not after the build has failed.
            _field("venue", folder, checks, widget="string", required=True,
                   hint="Where the meeting was held, such as 'Bootle Town Hall, Oriel Road, Bootle L20 7AE'."),
            _field("attendance", folder, checks, widget="select", options=sorted(agm.ATTENDANCE), required=False),
            _document_field("annual-report", folder, checks, documents),
            _field("annual-report-title", folder, checks, widget="string", required=False),
            _document_field("minutes", folder, checks, documents),
            _field("highlight", folder, checks, widget="list", required=False,
                   field={"label": "Highlight", "name": "highlight", "widget": "string"},
                   hint="One line for each highlight of the meeting."),
        ]
        fields = [title, date, authors, summary, slug, status, themes, auto, transcript, *extra, body]
        return [f for f in fields if f["name"] == "body" or any(field_name(k) == f["name"] for k in known)]
    series = _field("series", folder, checks, widget="string", required=False, hint="'In Mind' for the series.")
    part = _field("series_index", folder, checks, widget="string", required=False,
                  pattern=["^[0-9]*$", f"Series_index: {SERIES_INDEX_HINT}"],
                  hint="The post's number in the series.")
    # Fields that later features declare to the checker come along as text, until they are laid out here.
    added = [_field(key, folder, checks, widget="string", required=False) for key in added_keys(known, declared)]
    return [title, date, authors, guest, role, group, summary, themes, auto, series, part, slug, status, transcript,
            *added, body]


def vocabulary(content_root, settings):
    """Read the authors and themes registries (through the coproduction plugin) and name the transcripts' folder."""
    copro = plugin_module("coproduction.settings").merged(settings)
    vocab = plugin_module("coproduction.vocabulary")
    video = plugin_module("video_embeds.settings").merged(settings)
    return {
        "themes": vocab.load_themes(Path(content_root) / copro.vocabulary),
        "authors": vocab.load_authors(Path(content_root) / copro.authors),
        "role_groups": dict(vocab.ROLE_GROUPS),
        "registries": {"authors": copro.authors, "themes": copro.vocabulary},
        "transcript_dir": video.transcript_dir,
    }


def published_authors(authors, posts):
    """Return the registry's ``authors`` who wrote at least one of ``posts`` (the listed ones), in registry order."""
    key = plugin_module("coproduction.vocabulary").name_key
    written = {key(a) for post in posts for a in (getattr(post, "authors", None) or [getattr(post, "author", None)]) if a}
    return [a for a in authors if key(a.name) in written]


def repo_path(content_root):
    """Return the content folder's path inside the repository ("content"), which is where Decap writes."""
    content = Path(content_root).resolve()
    try:
        return content.relative_to(ROOT).as_posix()
    except ValueError:
        return content.name  # a copy outside the project (tests): the editor's server runs in its parent


def documents_folder(settings, prefix, limit):
    """Return a document field's upload folder (content/documents/) and how posts address it, or None."""
    if "documents" not in (settings.get("STATIC_PATHS") or []):
        return None
    return {"media_folder": f"/{prefix}/documents", "public_folder": "{static}/documents",
            "media_library": {"config": {"max_file_size": limit}}}


def decap_config(settings, config, content_root, vocab, *, local):
    """Return Decap CMS's configuration (as a dict for CMS.init) for this site."""
    checks = check_settings.merged(settings)
    prefix = repo_path(content_root)
    limit = upload_rules(settings)["max_bytes"]
    agm_folder = plugin_module("agm.settings").merged(settings).path
    declared = declarations(settings)
    known = known_fields(settings)
    documents = documents_folder(settings, prefix, limit)
    # Pictures go to content/images/ whichever post they are added to (a leading / is the repository's root);
    # documents to content/documents/ (the AGM boxes' and the Document box's own folder, body_document_field).
    common = {"format": "inmind", "extension": "md", "create": True, "media_folder": f"/{prefix}/images",
              "public_folder": "{static}/images"}
    # A list entry shows the file's own Date: text: Decap's {{year}} comes only from its datetime widget, which our
    # date box replaced, so it printed "(--)". For the same reason {{year}} in a new file's name was this year, not
    # the Date's: a post dated 2019 went into blog/2026/, and a summary of the 2025 AGM was saved as agm/2026.md
    # (the 2026 one's name). The Date field's box is now registered as Decap's "date" widget (POST_DATE_WIDGET).
    collections = [
        {**common, "name": "blog", "label": "Blog posts", "label_singular": "blog post",
         "folder": f"{prefix}/blog", "path": "{{year}}/{{slug}}", "slug": "{{slug}}",
         "summary": "{{title}} ({{date}})", "sortable_fields": ["date", "title"],
         "fields": fields_for("blog", checks, vocab, limit, declared, known=known, local=local, documents=documents)},
        {**common, "name": "agm", "label": "AGM summaries", "label_singular": "AGM summary",
         "folder": f"{prefix}/{agm_folder}", "slug": "{{year}}",
         "fields": fields_for("agm", checks, vocab, limit, declared, known=known, local=local, documents=documents)},
        {**common, "name": "pages", "label": "Pages", "label_singular": "page", "folder": f"{prefix}/pages",
         "slug": "{{slug}}", "fields": fields_for("pages", checks, vocab, limit, declared, known=known,
                                                   documents=documents)},
        {**common, "name": "transcripts", "label": "Transcripts", "label_singular": "transcript",
         "folder": f"{prefix}/{vocab['transcript_dir']}", "slug": "{{slug}}",
         "fields": fields_for("transcripts", checks, vocab, limit, declared, known=known, documents=documents)},
        {"name": "registries", "label": "Authors and themes", "editor": {"preview": False}, "files": [
            _registry_file("authors", "Authors list", f"{prefix}/{vocab['registries']['authors']}"),
            _registry_file("themes", "Themes list", f"{prefix}/{vocab['registries']['themes']}"),
        ]},
    ]
    backend = {"name": "github", "repo": config.repo, "branch": config.branch}
    for key, value in (("base_url", config.base_url), ("auth_endpoint", config.auth_endpoint)):
        if value:
            backend[key] = value
    result = {
        "load_config_file": False,
        "backend": backend,
        "publish_mode": "editorial_workflow",
        "media_folder": f"{prefix}/images",
        "public_folder": "{static}/images",
        "locale": "en",
        # A new file's name in plain letters (café becomes cafe): "What the carers' café gave me" was saved as
        # what-the-carers-café-gave-me.md, a name some computers spell two ways (é whole, or e and an accent).
        "slug": {"encoding": "ascii", "clean_accents": True},
        "show_preview_links": False,
        "collections": collections,
    }
    if local and config.local_backend:
        result["local_backend"] = {"url": config.local_backend, "allowed_hosts": ["127.0.0.1", "localhost"]}
    return result


def _registry_file(name, title, path):
    # The registries keep their comments (how to edit them), which a TOML re-writer would drop: they are
    # edited as text, and the build's registry checks name any mistake with its line.
    return {"name": name, "label": title, "file": path, "format": "inmind-text", "fields": [
        {"label": title, "name": "text", "widget": "code", "default_language": "toml", "allow_language_selection": False,
         "output_code_only": True, "hint": "Edit with care: each entry starts with a [[...]] line. The comments at the "
         "top say what each line means."},
    ]}
