"""The ``FILE_VETTING`` setting: defaults, merge and validation."""

from inmind.errors import SettingsError, merge_setting

# Every kind of file the vetting knows how to prove harmless, by content.
KINDS = ("jpeg", "png", "gif", "webp", "avif", "svg", "pdf", "docx", "xlsx", "odt", "ods", "csv", "txt")

DEFAULTS = {
    # The kinds of file that may be published from content/ (a subset of KINDS).
    "kinds": list(KINDS),
    # The largest file that may be published, in megabytes: bigger pictures and documents are slow to
    # download on a phone, and usually a sign that something was exported at the wrong size.
    "max_mb": 10,
    # Largest total size of the files inside a .docx, .xlsx, .odt or .ods, in megabytes (zip bombs).
    "max_unzipped_mb": 100,
}


def merged(settings):
    """Return FILE_VETTING merged over DEFAULTS, or raise SettingsError naming the bad key."""
    config = merge_setting(settings, "FILE_VETTING", DEFAULTS, '{"max_mb": 5}')
    kinds = config["kinds"]
    if not isinstance(kinds, list | tuple) or not all(isinstance(k, str) for k in kinds):
        raise SettingsError(f"FILE_VETTING['kinds'] must be a list of kinds, not {kinds!r}",
                            hint=f"choose from: {', '.join(KINDS)}")
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise SettingsError(f"FILE_VETTING['kinds'] has {unknown[0]!r}, which the site cannot check",
                            hint=f"choose from: {', '.join(KINDS)}; other files cannot be proved harmless")
    for key in ("max_mb", "max_unzipped_mb"):
        value = config[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise SettingsError(f"FILE_VETTING[{key!r}] must be a positive number of megabytes, not {value!r}")
    return {**config, "kinds": frozenset(kinds)}
