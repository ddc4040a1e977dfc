"""The AGM content type: an Article (so other plugins treat it as a post) with its own address."""

from pelican.contents import Article

from . import settings


class AGM(Article):
    """One Annual General Meeting summary, written to agm/{year}/."""

    default_template = "agm"

    def _expand_settings(self, key):
        # Drafts keep Pelican's draft address, so an unfinished summary never takes a year's place.
        if self.status == "draft":
            return super()._expand_settings(key)
        config = settings.merged(self.settings)
        return getattr(config, key.removeprefix("lang_")).format(**self.url_format)

    @property
    def year(self):
        """Return the meeting's year, as used in its address and labels."""
        return self.date.year
