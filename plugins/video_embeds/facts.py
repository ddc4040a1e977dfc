"""What this plugin tells the rest of the site about itself: the fields it reads."""


def metadata_fields(pelican_settings):
    """Return {field: folders} for the lines a file gives about its videos: Transcript: and Captions:."""
    # Videos are embedded in posts, pages and AGM summaries alike (handlers.embed_videos).
    return dict.fromkeys(("transcript", "captions"), ("blog", "pages", "agm"))
