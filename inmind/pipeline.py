"""The order of our plugins' steps where one depends on another: written here, never left to blinker.

Blinker calls a signal's receivers in no promised order. Where the order matters, a plugin connects its
step to a named stage instead of to Pelican's signal; one receiver on Pelican's signal then runs the
stages in the order below. Steps within one stage must not depend on each other.
"""

import blinker
from pelican import signals

# content_object_init, for every article, page and AGM summary right after it is read:
CONTENT_STAGES = (
    "refuse",  # content_safety: a format the site does not read stops here, before any other work
    "expand",  # video_embeds: video links become embeds and their transcripts are inlined
    "annotate",  # coproduction: themes are found in the whole text (transcripts too); real names replaced
    "label",  # site_search: the search "type" label
)
# all_generators_finalized, when every generator has read its content and nothing is written yet:
GATHERED_STAGES = (
    "collect",  # coproduction: theme, role and voices figures, related posts over every post
    "enrich",  # article_extras, publish_extras, site_search: what reads the collected data
)

_PELICAN = {"content": signals.content_object_init, "gathered": signals.all_generators_finalized}
_STAGES = {"content": CONTENT_STAGES, "gathered": GATHERED_STAGES}


def _stage(point, stage):
    if stage not in _STAGES[point]:
        raise ValueError(f"{stage!r} is not a stage of {point}: one of {', '.join(_STAGES[point])}")
    # A named signal, so that forgetting a build's receivers (inmind.build) forgets the steps too.
    return blinker.signal(f"inmind.{point}.{stage}")


def _run_content(content):
    for stage in CONTENT_STAGES:
        _stage("content", stage).send(content)


def _run_gathered(generators):
    for stage in GATHERED_STAGES:
        _stage("gathered", stage).send(generators)


_RUNNERS = {"content": _run_content, "gathered": _run_gathered}


def connect(point, stage, receiver):
    """Run ``receiver`` at ``point`` ("content" or "gathered") in ``stage``, in the order of the stages above."""
    _stage(point, stage).connect(receiver)
    _PELICAN[point].connect(_RUNNERS[point])
