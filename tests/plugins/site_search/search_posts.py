"""The one post the indexer tests build a site from (shared by test_search_failures and test_search_whole_index)."""

ONE_POST = {
    "blog/2017/one.md": """
        Title: One post
        Date: 2017-10-16 09:00
        Author: Maureen Costigan
        Slug: one
        Summary: A post to index.

        Words to find.
    """,
}
