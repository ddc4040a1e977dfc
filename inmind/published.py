"""The one rule for which posts a build lists: every list, count, role page, feed and link target asks it.

A post is *listed* when its status is ``published`` once the build has decided it: Pelican turns a post dated
after now into a draft when ``WITH_FUTURE_DATES`` is off (and ``plugins/scheduling`` does so by its own clock),
a withdrawn story never becomes content, and ``hidden`` posts are written at their address but listed nowhere.
So drafts, scheduled posts, withdrawn stories and hidden posts are never counted, in preview or publish alike:
a draft is seen at its own address only. The checks apply the same rule to what they read of each file.
"""

from __future__ import annotations

from pelican.generators import ArticlesGenerator

LISTED = "published"


def is_listed(status):
    """Return True when a post with this status (as the build or the checks decided it) is listed."""
    return str(status or LISTED).strip().lower() == LISTED


def listed_posts(generators):
    """Return every listed post the generators hold, blog posts and AGM summaries, newest first."""
    posts = []
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            posts.extend(generator.articles)
        # plugins/agm keeps its published summaries in .agms (drafts and hidden ones apart).
        posts.extend(getattr(generator, "agms", None) or [])
    return sorted((p for p in posts if is_listed(getattr(p, "status", None))), key=lambda p: p.date, reverse=True)
