"""Each post's listing card (theme macro ``post_card``), rendered once per build and reused on every list."""

import uuid

from markupsafe import Markup, escape

STORE_KEY = "_article_extras_cards"


class CardCache:
    """The cards of one build, by post and heading level, with the page's link prefix put in on each use."""

    def __init__(self):
        self._cards = {}
        # Stands for the link prefix in a stored card. Letters and digits only, so escaping leaves it as it is;
        # new each run, so no post's title or summary can hold it.
        self.prefix = f"cardprefix{uuid.uuid4().hex}"
        self.rendered = 0
        self.reused = 0

    def __call__(self, item, heading_level, site_url, *, caller):
        """Return ``item``'s card with links under ``site_url``; ``caller(prefix)`` renders it the first time only."""
        # Relative links change with the page's depth ("../.." under themes/recovery/, "../../../.." on its page
        # 2), so the card is stored with a stand-in prefix and each page puts in its own, escaped as the
        # template escapes SITEURL. The post is held with its card so its id stays its own.
        key = (id(item), heading_level)
        found = self._cards.get(key)
        if found is not None and found[0] is item:
            self.reused += 1
            card = found[1]
        else:
            card = caller(self.prefix)
            self._cards[key] = (item, card)
            self.rendered += 1
        if isinstance(card, Markup):
            # str.replace, not Markup.replace: the same result without escaping the stand-in again on each use.
            return Markup(str.replace(card, self.prefix, escape(site_url)))
        return card.replace(self.prefix, str(site_url))


def install(generator):
    """Give the generator's templates the build's one card cache as ``card_cache``."""
    # The context is one dict per Pelican run, shared by every generator: one cache for every page of the
    # run, and none left over for the next run (autoreload, tests).
    if STORE_KEY not in generator.context:
        generator.context[STORE_KEY] = CardCache()
    generator.env.globals["card_cache"] = generator.context[STORE_KEY]
