"""Each post's listing card (theme macro ``post_card``), rendered once per build and reused on every list."""

STORE_KEY = "_article_extras_cards"


class CardCache:
    """The cards of one build, by post, heading level and link prefix: the only things a card depends on."""

    def __init__(self):
        self._cards = {}
        self.rendered = 0
        self.reused = 0

    def __call__(self, item, heading_level, site_url, *, caller):
        """Return the card that ``caller`` renders for ``item``, rendering it the first time only."""
        # The prefix is part of the key because relative links change with the page's depth ("../.." under
        # themes/recovery/, "../../../.." on its page 2). The post is held with its card so its id stays its own.
        key = (id(item), heading_level, site_url)
        found = self._cards.get(key)
        if found is not None and found[0] is item:
            self.reused += 1
            return found[1]
        card = caller()
        self._cards[key] = (item, card)
        self.rendered += 1
        return card


def install(generator):
    """Give the generator's templates the build's one card cache as ``card_cache``."""
    # The context is one dict per Pelican run, shared by every generator: one cache for every page of the
    # run, and none left over for the next run (autoreload, tests).
    if STORE_KEY not in generator.context:
        generator.context[STORE_KEY] = CardCache()
    generator.env.globals["card_cache"] = generator.context[STORE_KEY]
