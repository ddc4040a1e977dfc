"""The checks across files: plugins' own checks, what the plugins declare, addresses, duplicates and internal links."""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from urllib.parse import unquote

from inmind import sitelinks, urls
from inmind.check_file import HTML_SUFFIXES, LINK_PREFIX, MARKDOWN_SUFFIXES
from inmind.check_report import HINTS
from inmind.config import provided
from inmind.errors import ContentError, Problem, did_you_mean
from inmind.fields import folder_nouns, known_fields, read_only_in
from inmind.files import is_file
from inmind.published import is_listed
from inmind.source import decode, parse

# --- Plugins' checks -----------------------------------------------------------------------------------------


def plugin_checks(settings, report=None):
    """Return ``[(plugin name, check function)]`` for every enabled plugin that provides ``check_content``."""
    found = []
    for name, check in provided(settings, "check_content"):
        if isinstance(check, Exception):
            if report is not None:
                report.add("plugin-fault", None, None, f"the {name} plugin's checks could not be loaded: "
                           f"{check.__class__.__name__}: {check}", HINTS["fault"])
        else:
            found.append((name, check))
    return found


def _as_problems(result, item):
    for p in result or []:
        if isinstance(p, Problem):
            yield p
        elif isinstance(p, ContentError):
            yield Problem(p.path or str(item.path), p.line, p.severity, p.message, p.hint)


def _run_plugins(item, checks, report, settings):
    metadata = item.source.metadata
    for name, check in checks:
        try:
            for problem in _as_problems(check(str(item.path), item.text, dict(metadata), settings), item):
                report.add_problem(item, problem)
        except ContentError as exc:
            report.add_problem(item, Problem(exc.path or str(item.path), exc.line, exc.severity, exc.message, exc.hint))
        except Exception as exc:  # noqa: BLE001 - one plugin's fault must not hide every other finding
            report.add("plugin-fault", item, 1, f"the {name} check stopped on this file: "
                       f"{exc.__class__.__name__}: {exc}", HINTS["fault"])


# --- Site-wide checks: addresses, duplicates and internal links ----------------------------------------------


def _format(pattern, item):
    if not pattern:
        return None
    values = {**{k: v for k, v in item.source.metadata.items() if isinstance(v, str)}, "slug": item.slug,
              "date": item.date, "lang": item.lang, "category": "", "author": ""}
    try:
        return pattern.format(**values)
    except Exception:  # noqa: BLE001 - a pattern needing a field this file lacks: no address to compare
        return None


def _kind(item, settings):
    if item.folder in (settings.get("ARTICLE_PATHS") or []):
        return "article"
    if item.folder in (settings.get("PAGE_PATHS") or []):
        return "page"
    return item.folder


def _addresses(item, settings, config):
    kind = _kind(item, settings)
    if kind == "article":
        prefix = "DRAFT_" if item.status == "draft" else "ARTICLE_"
    elif kind == "page":
        prefix = "DRAFT_PAGE_" if item.status == "draft" else "PAGE_"
    elif kind in config["save_as"]:
        draft = item.status == "draft" and config.get("drafts", {}).get(kind)
        item.url = _format(draft["url"] if draft else config["url"].get(kind), item)
        item.save_as = _format(draft["save_as"] if draft else config["save_as"].get(kind), item)
        return
    else:
        return
    item.url = _format(item.source.value("url") or settings.get(prefix + "URL"), item)
    item.save_as = _format(item.source.value("save_as") or settings.get(prefix + "SAVE_AS"), item)


def _site_paths(items, settings, config, root):
    """Return the set of site paths (no leading slash) that the build writes."""
    paths = {""}
    for item in items:
        if item.url is not None and not item.unpublished:
            paths.add(item.url.lstrip("/"))
    for key in ("ARCHIVES_SAVE_AS", "AUTHORS_SAVE_AS", "INDEX_SAVE_AS"):
        if settings.get(key):
            paths.add(re.sub(r"index\.html$", "", settings[key]))
    for target in (settings.get("TEMPLATE_PAGES") or {}).values():
        paths.add(target)
    years = {item.date.year for item in items if item.date and _kind(item, settings) == "article"}
    for year in years:
        paths.add(f"archives/{year}/")
    for save_as in config["site_pages"]:
        paths.add(re.sub(r"(^|/)index\.html$", r"\1", save_as))
    for static in settings.get("STATIC_PATHS") or []:
        base = root / static
        if base.is_dir():
            paths.update(p.relative_to(root).as_posix() for p in base.rglob("*") if p.is_file())
        elif base.is_file():
            paths.add(static)
    return paths


def _check_site_path(item, number, url, site_paths, config, report):
    path = unquote(urls.path_of(url)).lstrip("/")
    path = re.sub(r"(^|/)index\.html$", r"\1", path)
    if path in site_paths or f"{path}/" in site_paths or any(path.startswith(g) for g in config["generated_paths"]):
        return
    pages = sorted(p for p in site_paths if p.endswith("/"))
    report.add("link-broken", item, number, f'the link "{url}" goes to a page the site does not have.'
               f"{did_you_mean(path, pages)}",
               "link to another post with its file, such as [our AGM]({filename}/agm/2019.md); the build then "
               "writes the right address")


def _nearest_file(asked, paths):
    """Return ' Did you mean "path"?' for the file named most like ``asked``'s name, in any folder, or ''."""
    # By name, not whole path: every post shares "{filename}/blog/20", which made unrelated posts look close.
    by_name = {}
    for path in paths:
        by_name.setdefault(path.rsplit("/", 1)[-1].lower(), path)
    name = asked.rsplit("/", 1)[-1].lower()
    close = [name] if name in by_name else difflib.get_close_matches(name, list(by_name), n=1, cutoff=0.6)
    return f' Did you mean "{by_name[close[0]]}"?' if close and by_name[close[0]] != asked else ""


def _check_internal_links(items, links, settings, config, root, report, read=None):
    # normpath, not resolve(): the same answer for content folders, without a system call per path part
    by_path = {Path(os.path.normpath(item.path)): item for item in items}
    root = Path(os.path.normpath(root))
    page_folders = set(settings.get("ARTICLE_PATHS") or []) | set(settings.get("PAGE_PATHS") or []) | set(config["url"])
    site_paths = targets = unpublished = None
    shared = {}  # each file a {static} or {attach} link names: [(item, line, link, kind)]
    for item, found in links:
        for number, url in found:
            prefix = LINK_PREFIX.match(url)
            form = None if prefix else sitelinks.FORM.match(url)
            if form or (prefix and (prefix.group(1) or prefix.group(2)) in ("tag", "category")):
                if targets is None:
                    targets, unpublished = _link_targets(items, settings, root, read)
            if form:
                _check_site_form(item, number, url, targets, unpublished, report)
                continue
            if prefix:
                kind = prefix.group(1) or prefix.group(2)
                if kind in ("tag", "category"):
                    _check_list_link(item, number, url, url[prefix.end():], kind, settings, targets, report)
                if kind not in ("filename", "static", "attach"):
                    continue
                # "" for an address no browser can open, too: the file's own check said so at its line.
                written_path = urls.path_of(url[prefix.end():])
                target_text = unquote(written_path)
                if not target_text:
                    continue
                base = root if target_text.startswith("/") else item.path.parent
                target = Path(os.path.normpath(base / target_text.lstrip("/")))
                try:
                    relative = target.relative_to(root)
                except ValueError:
                    relative = None
                if relative is None or not is_file(target):
                    # Suggested as they are written, with the prefix: {static}/images/garden.jpg.
                    written = "{" + kind + "}/"
                    asked = written + (relative.as_posix() if relative else target_text.lstrip("/"))
                    files = sorted(p for p in root.rglob("*") if p.is_file() and p != item.path)
                    if kind != "filename":
                        # Never a file the site would refuse for its folder: the fix must be one that works.
                        folders = tuple(settings.get("STATIC_PATHS") or ())
                        files = [p for p in files if p.relative_to(root).parts[0] in folders]
                    suffix = Path(target_text).suffix.lower()
                    # A file of the same kind first; then, for a picture or document, the same name in another
                    # kind ("garden.jpg" when the folder has "garden.svg"). Never the post itself.
                    suggestion = _nearest_file(asked, [written + p.relative_to(root).as_posix() for p in files
                                                       if p.suffix.lower() == suffix])
                    if not suggestion and kind != "filename":
                        suggestion = _nearest_file(asked, [written + p.relative_to(root).as_posix() for p in files])
                    report.add("link-broken", item, number, f'the link "{url}" points to a file that does not '
                               f"exist.{suggestion}",
                               "write the path from the content folder, such as " + ("{static}/images/garden.jpg"
                               if kind != "filename" else "{filename}/blog/2019/my-post.md"))
                    continue
                text = relative.suffix.lower() in (*MARKDOWN_SUFFIXES, *HTML_SUFFIXES)
                if text and kind != "filename":
                    # Pelican publishes a post's text only as its page: a {static} copy of it is refused.
                    report.add("link-broken", item, number, f'"{url}" is the text of a page, not a file the site '
                               "publishes as it is", "link to it with {filename} instead, if it is a post or page")
                    continue
                if kind == "filename" and (relative.parts[0] in config["folders"] or text) \
                        and relative.parts[0] not in page_folders:
                    report.add("link-broken", item, number, f'"{url}" is not published as a page of its own, so '
                               "the link cannot work", "link to the page that shows it instead")
                    continue
                plain = _plain_link(kind, written_path, relative)
                if kind != "filename":
                    if not _check_linked_file(item, number, url, target, config, settings, report) and plain:
                        _report_plain_link(item, number, url, plain, report)
                    shared.setdefault(target, []).append((item, number, url, kind))
                    continue
                linked = by_path.get(target)
                if linked is None:
                    # Pelican links {filename} only to a post or page (a file of the site it finds with a warning,
                    # which stops a publish build without a line); any other file's link is published as written.
                    static = any(relative.parts[0] == folder for folder in settings.get("STATIC_PATHS") or [])
                    report.add("link-broken", item, number, f'the link "{url}" names a file that is not a post or '
                               "a page, so the link would not work",
                               f'write it as "{{static}}/{relative.as_posix()}"' if static else
                               "link to a post or page with {filename}, such as {filename}/blog/2019/my-post.md, or "
                               "move the file into content/documents/ and link to it with {static}/documents/…")
                    continue
                if plain:
                    _report_plain_link(item, number, url, plain, report)
                if kind == "filename" and linked and linked.status == "withdrawn" and not item.unpublished:
                    report.add("link-broken", item, number, f'the link "{url}" goes to a story that was withdrawn '
                               "at its writer's request", "remove the link; the story is no longer on the site")
                elif kind == "filename" and linked and linked.unpublished and not item.unpublished:
                    report.add("link-draft", item, number, f'the link "{url}" goes to a draft or a post scheduled '
                               "for later, which the published site does not have yet",
                               "publish that post first, or remove the link until it is live")
            elif url.startswith("/") and not url.startswith("//"):
                if site_paths is None:
                    site_paths = _site_paths(items, settings, config, root)
                _check_site_path(item, number, url, site_paths, config, report)
    _check_attached_once(shared, root, report)


def _check_attached_once(shared, root, report):
    """Report an {attach} link to a file that another link names too: Pelican moves it for the first link only.

    The publish build stopped with Pelican's own words for it ("cannot relocate ... Falling back to {filename} link
    behavior"), without the line or what to write.
    """
    for target, found in shared.items():
        if len(found) < 2:
            continue
        plain = "{static}/" + target.relative_to(root).as_posix().replace(" ", "%20")
        others = "another link names" if len(found) == 2 else f"{len(found) - 1} other links name"
        for item, number, url, kind in found:
            if kind == "attach":
                report.add("link-broken", item, number, f'the link "{url}" would move the file beside this page, '
                           f"but {others} the same file, so the build cannot",
                           f'write "{plain}" in every link to it instead')


def _source(item, read):
    """Return the parsed file of ``item``: one the cache or another process checked was not parsed here."""
    if item.source is None:
        try:
            item.source = read.parsed(item.path) if read is not None and item.path in read \
                else parse(decode(item.path.read_bytes()))
        except (OSError, UnicodeDecodeError):
            return None  # reported by the file's own checks
    return item.source


def _link_targets(items, settings, root, read=None):
    """Return ({form: {slug: path}}, {form: slugs}): the {theme}-style links' pages, and slugs only unlisted posts name.

    Only the listed posts (inmind.published) name pages, as in the build: a role that only a draft, a scheduled
    post or a hidden one names has none. Pages are not posts, so their Author lines name no role either.
    """
    posts = [item for item in items if _kind(item, settings) != "page"]

    def targets(chosen):
        metadatas = [source.metadata for item in chosen if (source := _source(item, read)) is not None]
        found = {}
        for _name, declare in provided(settings, "link_targets"):
            if not isinstance(declare, Exception):
                found.update(declare(settings, root, metadatas))
        return found

    found = targets([item for item in posts if is_listed(item.status)])
    unlisted = [item for item in posts if not is_listed(item.status)]
    # The slugs only an unlisted post names, so a link to one says why it has no page yet.
    unpublished = {form: set(slugs) - set(found.get(form, ())) for form, slugs in targets(unlisted).items()} \
        if unlisted else {}
    return found, unpublished


def _check_site_form(item, number, url, targets, unpublished, report):
    """Report a {theme}, {role} or {group} link whose slug has no page, or a form the site does not know."""
    found = sitelinks.split(url, targets)
    if found is None:
        written = sitelinks.FORM.match(url)
        form = written.group(1) or written.group(2)
        forms = sorted(targets)
        report.add("link-broken", item, number, f'the link "{url}" starts with {{{form}}}, which this site does not '
                   f"know.{did_you_mean('{' + form + '}', ['{' + f + '}' for f in forms])}",
                   "link to a theme, role or group of writers as {theme}carers, {role}carer or {group}carer")
        return
    form, slug, _rest = found
    if slug not in targets[form]:
        report.add("link-broken", item, number, *sitelinks.unknown_slug(url, form, slug, targets[form],
                                                                       unpublished.get(form, ())))


def _check_list_link(item, number, url, name, kind, settings, targets, report):
    """Report a {tag} or {category} link when the site writes no such lists (Pelican would link to a missing page)."""
    if settings.get(f"{kind.upper()}_SAVE_AS"):
        return  # the site has these pages, so Pelican's link works
    from pelican.utils import slugify

    slug = slugify(unquote(urls.path_of(name)), regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
    # The nearest theme (a tag is one), then the nearest role or group of writers (a category may be one).
    choices = [(form, each) for form in ("theme", "group", "role") for each in sorted(targets.get(form, {}))]
    pool = [each for form, each in choices if kind == "category" or form == "theme"]
    close = difflib.get_close_matches(slug, pool, n=1, cutoff=0.0) if slug else []
    if close:
        form = next(f for f, n in choices if n == close[0])
        sure = "" if close[0] == slug else "such as "
        hint = (f"write {sure}{{{form}}}{close[0]} in the brackets instead, the {sitelinks.NOUNS[form]} page of "
                "that name (it works wherever the site is published), or remove the link")
    else:
        hint = "remove the link, or link to a post with {filename}/blog/2019/my-post.md"
    report.add("link-broken", item, number, f'the link "{url}" goes to a list of posts by {kind}, and this site has '
               f"no {kind} pages (it groups posts by theme)", hint)


def _check_linked_file(item, number, url, target, config, settings, report):
    """Report at the link's line what the build's own rule (file_vetting) refuses; return True if it refused it."""
    refused = False
    for check in config["static_link"]:
        for problem in check(target, settings):
            refused = True
            report.add_problem(item, Problem(str(item.path), number, "error",
                                             f'the link "{url}" names a file the site does not publish: '
                                             f"{problem.message}", problem.hint))
    return refused


def _plain_link(kind, written, relative):
    """Return the link as the build reads it when ``written`` is in another form, else None.

    Pelican finds a file by the path as it is written after the content folder ("/images/../documents/a.pdf" is
    no file to it), and copies a {static} file by that path with only %20 read as a space: a link the checks
    followed to its file was published as "{static}/images/../documents/a.pdf", or stopped the build at a file
    name ("images/a%2Epdf") with no line. A path from a post's own folder ("../2019/a.md") Pelican does tidy.
    """
    spaced = written.replace("%20", " ")
    plain = "/" + relative.as_posix() if written.startswith("/") else unquote(written)
    return None if spaced == plain else "{" + kind + "}" + plain.replace(" ", "%20")


def _report_plain_link(item, number, url, plain, report):
    report.add("link-broken", item, number, f'the link "{url}" would not work as it is written: the build does not '
               'read "..", "./", "//" or %-codes in the path of a file', f'write it as "{plain}"')


def _reserved_paths(settings, config, root):
    reserved = {}
    for template in settings.get("DIRECT_TEMPLATES") or []:
        target = settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
        if target:
            reserved[target] = f"the {template} page"
    for source, target in (settings.get("TEMPLATE_PAGES") or {}).items():
        reserved[target] = f"the {Path(source).stem} page"
    for save_as, what in config["site_pages"].items():
        if what:
            reserved[save_as] = what
    for generated in config["generated_paths"]:
        reserved.setdefault(generated + "index.html" if generated.endswith("/") else generated,
                            "a page the site makes itself")
    return reserved


CLASH_HINT = "give one of them a different Slug: (or date), so each has its own address"
# What the build calls an "article" is a post to the people who write them.
NOUNS = {"article": "post", "agm": "AGM summary"}


def _check_duplicates(items, settings, config, root, report):
    groups = {}
    for item in items:
        if item.slug is None or item.folder not in config["required"] or not config["required"][item.folder] \
                or _kind(item, settings) not in ("article", "page", *config["save_as"]):
            continue
        key = (_kind(item, settings), item.status, item.slug, item.lang or settings.get("DEFAULT_LANG"))
        groups.setdefault(key, []).append(item)
    clashing = set()
    for (kind, _status, slug, _lang), group in sorted(groups.items()):
        if len(group) > 1:
            for item in group:
                others = ", ".join(sorted(o.rel for o in group if o is not item))
                if item.save_as and all(o.save_as == item.save_as for o in group):
                    continue  # reported below as the same output file
                clashing.add(item.rel)
                report.add("slug-duplicate", item, item.slug_line,
                           f'another {NOUNS.get(kind, kind)} has the same web address ending "{slug}": {others}',
                           "give each one its own Slug: line (the last part of its web address)")
    outputs = {}
    for item in items:
        if item.save_as:
            outputs.setdefault(item.save_as, []).append(item)
    reserved = _reserved_paths(settings, config, root)
    for save_as, group in sorted(outputs.items()):
        if len(group) > 1:
            for item in group:
                others = ", ".join(sorted(o.rel for o in group if o is not item))
                report.add("output-duplicate", item, item.slug_line, f"this file and {others} would both be written "
                           f"to {save_as}", config.get("clash", {}).get(item.folder, CLASH_HINT))
        elif save_as in reserved:
            report.add("output-duplicate", group[0], group[0].slug_line, f"the address {save_as} is already used by "
                       f"{reserved[save_as]}", "choose another Slug:")


def with_plugin_facts(config, settings, root):
    """Return the CHECKS config with what the enabled plugins declare: content types, pages and generated paths."""
    config = config.as_dict()
    types = {}
    for _name, declare in provided(settings, "content_types"):
        if not isinstance(declare, Exception):
            types.update(declare(settings))
    for key in ("url", "save_as"):
        config[key] = {**{folder: spec[key] for folder, spec in types.items()}, **config[key]}
    config["clash"] = {folder: spec["clash"] for folder, spec in types.items() if spec.get("clash")}
    config["drafts"] = {folder: {"url": spec.get("draft_url"), "save_as": spec.get("draft_save_as")}
                        for folder, spec in types.items() if "draft_save_as" in spec}
    pages, generated = {}, list(config["generated_paths"])
    for _name, declare in provided(settings, "site_pages"):
        if not isinstance(declare, Exception):
            pages.update(declare(settings, root))
    for _name, declare in provided(settings, "generated_paths"):
        if not isinstance(declare, Exception):
            generated.extend(declare(settings))
    config["site_pages"], config["generated_paths"] = pages, generated
    config["fields"], config["folder_nouns"] = known_fields(settings), folder_nouns(settings)
    config["read_only_in"] = read_only_in(settings)
    config["own_field_files"] = set()
    for _name, declare in provided(settings, "own_field_files"):
        if not isinstance(declare, Exception):
            config["own_field_files"].update(declare(settings))
    config["reported_fields"] = [f for _name, f in provided(settings, "reports_field") if not isinstance(f, Exception)]
    # A link on a line of its own to a video host is a video: the plugin that embeds it checks it.
    config["video_links"] = [f for _name, f in provided(settings, "is_video_link") if not isinstance(f, Exception)]
    config["static_link"] = [f for _name, f in provided(settings, "check_static_link") if not isinstance(f, Exception)]
    return config
