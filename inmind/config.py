"""Reading a settings file, and asking the enabled plugins what they provide to the checks.

A plugin takes part in ``invoke check`` by defining, in its package:
- ``check_content(source_path, text, metadata, settings)``: the problems in one content file;
- ``check_files(settings)``: the problems in the files published as they are (pictures, documents);
- ``check_static_link(path, settings)``: the problems of a content file a ``{static}`` or ``{attach}`` link names;
- ``refused_format(path)``: the problem with a file in a format the site does not read, or None;
- ``content_types(settings)``: ``{content folder: {"url": pattern, "save_as": pattern, "nouns": (one, many)}}`` it
  publishes, with what a writer calls one file of it and several ("an AGM summary", "AGM summaries"), and an
  optional ``"clash"``: the hint when two of its files would be written to one address, and optional
  ``"draft_url"`` and ``"draft_save_as"``: where a file of it with ``Status: draft`` goes instead (empty: nowhere);
- ``site_pages(settings, content_root)``: ``{save_as: what the page is, or None}`` for pages it makes itself;
- ``generated_paths(settings)``: path prefixes it writes that no content file names;
- ``metadata_fields(settings)``: ``{field: content folders it is read in}`` for the fields it reads, so the checks
  know every field the site reads (``inmind/fields.py``; a field in ``editor_fields`` counts as read as well);
- ``own_field_files(settings)``: the content files (relative to content/) whose fields it checks and names itself
  (the next AGM's ``End:``, ``Online:``), so the site-wide check does not call them unknown as well;
- ``reports_field(key, value)``: True for a field line its own check names (``Settings:``, which would choose the
  page's file; a second ``Consent:``), so the site-wide check does not call it unknown or given twice as well: one
  mistake, one message;
- ``link_targets(settings, content_root, metadatas)``: ``{form: {slug: path}}`` for the ``{form}slug`` links to
  its pages a post may use (``inmind/sitelinks.py``), given the listed posts' metadata (``inmind/published.py``);
- ``is_video_link(url)``: True for a link it turns into a video (not a link whose text must say where it goes).
- ``check_ids(settings)``: ``{check id: default severity}`` of its checks that ``CHECKS["severity"]`` may change;
  its checks ask ``inmind.check_settings.severity`` for each, so the one setting rules every check.
A checks module may also define ``fingerprint(settings)``: what outside ``content/`` its results depend on.
"""

from pelican.plugins._utils import load_plugins
from pelican.settings import read_settings


def load_settings(settings_file, overrides=None):
    """Read a Pelican settings file with our overrides applied."""
    return read_settings(str(settings_file), override=overrides or {})


def plugin_name(plugin):
    """Return the name of one PLUGINS entry: the name as written, or a module's name."""
    return plugin if isinstance(plugin, str) else getattr(plugin, "__name__", str(plugin))


def enabled_plugins(settings):
    """Yield (name, module or the exception that stopped it loading) for each plugin in PLUGINS, as Pelican loads them."""
    for plugin in settings.get("PLUGINS") or []:
        name = plugin_name(plugin)
        try:
            loaded = load_plugins({**settings, "PLUGINS": [plugin]})
        except Exception as exc:  # noqa: BLE001 - the caller reports a broken plugin, it does not raise
            yield name, exc
            continue
        yield name, loaded[0] if loaded else ImportError(f"Cannot import plugin `{name}`")


def provided(settings, hook):
    """Return [(plugin name, function or exception)] for each enabled plugin that provides ``hook``."""
    found = []
    for name, module in enabled_plugins(settings):
        if isinstance(module, Exception):
            found.append((name, module))
        elif callable(getattr(module, hook, None)):
            found.append((name, getattr(module, hook)))
    return found
