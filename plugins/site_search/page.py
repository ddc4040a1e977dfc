"""The search page: one template, written where SITE_SEARCH['page_save_as'] says."""

from pelican.generators import Generator

from . import settings


class SearchPageGenerator(Generator):
    """Write the search page, which holds the search form and the results the browser fills in."""

    def generate_output(self, writer):
        """Render the page template with where the index lives and the order of its filters."""
        config = settings.merged(self.settings)
        if not config.enabled or not config.page_save_as:
            return
        save_as = config.page_save_as
        url = save_as[: -len("index.html")] if save_as.endswith("index.html") else save_as
        writer.write_file(
            save_as,
            self.get_template(config.page_template),
            self.context,
            self.settings["RELATIVE_URLS"],
            override_output=True,
            url=url,
            search_url=url,
            search_bundle=config.output_dir.strip("/") + "/",
            search_filters=config.filters,
            page_name=url.rstrip("/"),
        )
