"""Signal receivers: expose ``asset_url()`` to templates and write the bundles."""

import logging
from pathlib import Path

from inmind.errors import SettingsError

from . import bundle, settings

logger = logging.getLogger(__name__)

# Built once per Pelican run; reset at ``finalized`` so autoreload starts clean.
_state = {}


def _bundles(pelican_settings):
    if "bundles" not in _state:
        config = settings.merged(pelican_settings)
        source_dir = Path(pelican_settings["THEME"]) / config.source
        built = {}
        for name, patterns in config.bundles.items():
            files = bundle.collect(source_dir, patterns)
            if not files:
                continue
            content = bundle.join(files, minify=config.minify)
            out_name = bundle.hashed_name(name, content) if config.hash else name
            built[name] = (f"{config.output_dir}/{out_name}", content)
        _state["bundles"] = built
    return _state["bundles"]


def asset_path(pelican_settings, name):
    """Return the output path (relative to SITEURL) of bundle ``name``."""
    bundles = _bundles(pelican_settings)
    if name not in bundles:
        raise SettingsError(
            f"the theme asks for the asset {name!r}, which has no source files",
            hint=f"add its sources under theme/assets/ or to ASSETS['bundles']; known: {', '.join(sorted(bundles))}",
        )
    return bundles[name][0]


def add_template_globals(generator):
    """Give templates ``asset_url(name)`` and the list of bundles."""
    pelican_settings = generator.settings
    generator.env.globals["asset_url"] = lambda name: asset_path(pelican_settings, name)


def write_bundles(pelican):
    """Write every bundle into the output folder."""
    for rel_path, content in _bundles(pelican.settings).values():
        target = Path(pelican.output_path) / rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def reset(pelican):
    """Forget this run's bundles."""
    _state.clear()


def finalize(pelican):
    """Write the bundles, then forget them: one receiver, so the two steps run in this order."""
    try:
        write_bundles(pelican)
    finally:
        reset(pelican)
