"""The editorial checker, run as people run it (python -m inmind.check) on a small content folder.

Each malformed input must give its ``path:line: severity: message``, the right exit status, and never
a traceback; random input must never make the checker raise.
"""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
import textwrap
from types import SimpleNamespace

import pytest
from conftest import ROOT, copy_registries, write_files
from PIL import Image

GOOD = """\
Title: A good post
Date: 2019-05-01 09:00
Author: Communications Team
Summary: A post that is fine in every way.

Some words about co-production.
"""


def post(header="", body="Some words about co-production.\n", *, title="A test post", date="2019-05-01 09:00",
         author="Communications Team", summary="A short summary of the post."):
    """Return a post's Markdown; pass None to leave a standard field out."""
    lines = []
    for key, value in (("Title", title), ("Date", date), ("Author", author), ("Summary", summary)):
        if value is not None:
            lines.append(f"{key}: {value}")
    lines += [line for line in textwrap.dedent(header).strip("\n").splitlines() if line]
    return "\n".join(lines) + "\n\n" + textwrap.dedent(body).lstrip("\n")


HARD_TEXT = " ".join(["Our services need careful planning and partnership working with local communities."] * 20)
LONG_SUMMARY = "This summary goes on. " * 20
FIVE_MB = post(body="Words and more words about co-production. " * 125_000)
# This checkout's plugins too: an installed copy of the project elsewhere must not answer for them.
ENV = {"PYTHONPATH": f"{ROOT}:{ROOT / 'plugins'}", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
IN_FUTURE = (datetime.date.today() + datetime.timedelta(days=800)).isoformat()

# (id, {path under content/: text or bytes}, expected output lines (fragments), exit status)
CASES = [
    ("title missing", {"blog/2019/a.md": post(title=None)},
     ["content/blog/2019/a.md:1: error: there is no title [title-missing]"], 1),
    ("title only spaces", {"blog/2019/a.md": post(title="   ")},
     ["content/blog/2019/a.md:1: error: Title: is empty [title-missing]"], 1),
    ("title with HTML", {"blog/2019/a.md": post(title="Why <em>we</em> <script>alert(1)</script> care")},
     ["content/blog/2019/a.md:1: error: the title contains HTML; titles are plain text [title-html]"], 1),
    ("date missing", {"blog/2019/a.md": post(date=None)},
     ["content/blog/2019/a.md:1: error: there is no Date: line [date-missing]"], 1),
    ("date unreadable", {"blog/2019/a.md": post(date="next Tuesday after lunch")},
     ['content/blog/2019/a.md:2: error: "next Tuesday after lunch" is not a date the site can read [date-invalid]'],
     1),
    ("time with a dot", {"blog/2019/a.md": post(date="24/09/2019 14.00")},
     ['content/blog/2019/a.md:2: error: "24/09/2019 14.00" is not a date the site can read [date-invalid]\n'
      "  hint: write the time with a colon, and the date as YYYY-MM-DD to be sure: 'Date: 2019-09-24 14:00'"], 1),
    ("time with a dot and pm", {"blog/2019/a.md": post(date="24 September 2019 2.30pm")},
     ["hint: write the time with a colon, and the date as YYYY-MM-DD to be sure: 'Date: 2019-09-24 14:30'"], 1),
    ("31 February", {"blog/2019/a.md": post(date="2019-02-31 10:00")},
     ["content/blog/2019/a.md:2: error: there is no 31 February 2019: February 2019 has 28 days [date-invalid]"], 1),
    ("month 13", {"blog/2019/a.md": post(date="2019-13-01")},
     ['content/blog/2019/a.md:2: error: "2019-13-01" has no month 13 (months run from 01 to 12) [date-invalid]'], 1),
    ("date a century early", {"blog/2019/a.md": post(date="1917-10-09 09:00")},
     ["content/blog/2019/a.md:2: error: the date 9 October 1917 is before 2000 [date-implausible]"], 1),
    ("date years ahead", {"blog/2019/a.md": post(date=IN_FUTURE)},
     ["content/blog/2019/a.md:2: error: the date", "is more than a year away [date-implausible]"], 1),
    ("date month-first", {"blog/2019/a.md": post(date="10-09-2017")},
     ['content/blog/2019/a.md:2: warning: "10-09-2017" is read as 9 October 2017 (month first) [date-ambiguous]'], 0),
    ("date with slashes, day first", {"blog/2019/a.md": post(date="10/09/2017")}, [], 0),
    ("date without a day", {"blog/2019/a.md": post(date="March 2019")},
     ['content/blog/2019/a.md:2: warning: "March 2019" does not say which day'], 0),
    ("list indented with a tab", {"blog/2019/a.md": post(body="What helped:\n\n\t- the forum\n\t- sleep\n")},
     ["content/blog/2019/a.md:8: warning: this list starts with a tab or four spaces, so the page shows it as a grey "
      "box of code, not as a list [list-broken]"], 0),
    ("list indented with spaces", {"blog/2019/a.md": post(body="What helped:\n\n    1. the forum\n    2. sleep\n")},
     ["content/blog/2019/a.md:8: warning: this list starts with a tab or four spaces"], 0),
    # What people paste from Word and type by habit (a user test of the README's first-post steps).
    ("list of Word bullets", {"blog/2019/a.md": post(body="What helped:\n\n\u2022\tthe forum\n\u2022\tsleep\n")},
     ["content/blog/2019/a.md:8: warning: this line starts with a \u2022 pasted from Word", "[list-broken]"], 0),
    ("date with spaces, month first", {"blog/2019/a.md": post(date="04 03 2019 10:00")},
     ['content/blog/2019/a.md:2: warning: "04 03 2019 10:00" is read as 3 April 2019 (month first) [date-ambiguous]'], 0),
    ("date with Word's dashes", {"blog/2019/a.md": post(date="2019\u201305\u201301 09:00")},
     ["[date-invalid]\n  hint: it has hyphens, spaces or quotes of the kind Word types"], 1),
    ("consent with Word's hyphens", {"blog/2019/a.md": post("Consent: CF\u20112019\u2011014", author="A guest")
                                     .replace("Author: A guest", "Author: A guest\nAuthor-role: Carer\nRole-group: carer")},
     ['"CF\u20112019\u2011014" is not a consent reference', "hint: it has hyphens, spaces or quotes of the kind Word"],
     1),
    ("web address without https", {"blog/2019/a.md": post(body="See [the NHS website](www.nhs.uk/mental-health).\n")},
     ['content/blog/2019/a.md:6: error: the link "www.nhs.uk/mental-health" does not start with https://',
      "hint: write the whole address, such as https://www.nhs.uk/mental-health"], 1),
    ("web address missing its colon", {"blog/2019/a.md": post(body="See [the NHS website](https//nhs.uk/).\n")},
     ["hint: write the whole address, such as https://nhs.uk/"], 1),
    ("web address in curly quotes", {"blog/2019/a.md": post(body="See [the NHS website](\u201chttps://nhs.uk\u201d).\n")},
     ["error: the link's address \u201chttps://nhs.uk\u201d is in quotes", "[link-broken]"], 1),
    ("web address with a space", {"blog/2019/a.md": post(body="See [our garden](https://example.org/our garden).\n")},
     ['content/blog/2019/a.md:6: warning: the web address "https://example.org/our garden" has a space in it',
      "[link-address]"], 0),
    ("video link in a sentence", {"blog/2019/a.md": post(body="Watch it here: https://youtu.be/q3VtR8xLk2A today.\n")},
     ['content/blog/2019/a.md:6: warning: the video link "https://youtu.be/q3VtR8xLk2A" is inside a sentence',
      "hint: put the link on a line of its own"], 0),
    ("web address typed as text", {"blog/2019/a.md": post(body="See www.nhs.uk/mental-health, or ring us.\n")},
     ['content/blog/2019/a.md:6: warning: the web address "www.nhs.uk/mental-health" shows as text that readers '
      "cannot click [address-as-text]", "hint: make it a link that says where it goes: [the page's name]"
      "(https://www.nhs.uk/mental-health)"], 0),
    ("field name with Word's non-breaking space", {"blog/2019/a.md": post("Content\u00a0note: It talks about grief.")},
     ['content/blog/2019/a.md:5: error: "Content\u00a0note:" cannot be read as a field', 'Did you mean "Content-note:"?',
      "[field-broken]"], 1),
    ("field name with Word's hyphen", {"blog/2019/a.md": post("Content\u2011note: It talks about grief.")},
     ['content/blog/2019/a.md:5: error: "Content\u2011note:" cannot be read as a field',
      "hint: it has hyphens, spaces or quotes of the kind Word types as you write"], 1),
    ("field under the video", {"blog/2019/a.md": post(body="Words.\n\nCaptions: automatic\n\nMore words.\n")},
     ['content/blog/2019/a.md:8: warning: "Captions:" is written among the text', "[field-in-text]",
      "hint: move this line up among the lines at the top of the file"], 0),
    # "Add a line at the top" read as the top of the text: the note is shown as words, so the check says where it goes.
    ("field as the text's first line", {"blog/2019/a.md": post(body="Content-note: It talks about grief.\n\nWords.\n")},
     ['content/blog/2019/a.md:6: warning: "Content-note:" is written among the text', "[field-in-text]",
      "hint: move this line up among the lines at the top of the file"], 0),
    ("list run into the text", {"blog/2019/a.md": post(body="What helped:\n- the forum\n- sleep\n")},
     ["content/blog/2019/a.md:7: warning: this list starts on the line straight after the text above it, so the "
      "page runs it into that paragraph instead of showing a list [list-broken]"], 0),
    ("AGM field misspelt, said once", {"agm/2019.md": post("Venue: Town Hall\nAnual-report: https://example.org/r.pdf")},
     ['content/agm/2019.md:6: warning: "Anual-report:" is not a field the site reads, so it does nothing. Did you '
      'mean "Annual-report:"?'],
     0),
    ("summary missing", {"blog/2019/a.md": post(summary=None)},
     ["content/blog/2019/a.md:1: error: there is no Summary: line [summary-missing]"], 1),
    ("summary too long", {"blog/2019/a.md": post(summary=LONG_SUMMARY)},
     ["content/blog/2019/a.md:4: warning: the summary is 439 characters; keep it to 300 or fewer [summary-long]"], 0),
    ("summary misspelt", {"blog/2019/a.md": post("Sumary: A summary with a typo.", summary=None)},
     ['content/blog/2019/a.md:4: error: there is no Summary: line; "Sumary:" on this line looks like it, misspelt, '
      "so the site does not read it [summary-missing]\n  hint: correct the spelling: write Summary: at the start"], 1),
    ("date misspelt", {"blog/2019/a.md": post("Dtae: 2019-05-01 09:00", date=None)},
     ['content/blog/2019/a.md:4: error: there is no Date: line; "Dtae:" on this line looks like it'], 1),
    ("title misspelt", {"blog/2019/a.md": post("Titel: A post", title=None)},
     ['content/blog/2019/a.md:4: error: there is no Title: line; "Titel:" on this line looks like it'], 1),
    ("misspelt field, not required", {"blog/2019/a.md": post("Content-nte: This post talks about loss.")},
     ['content/blog/2019/a.md:5: warning: "Content-nte:" is not a field the site reads, so it does nothing. Did you '
      'mean "Content-note:"?'], 0),
    ("unknown field, nothing like it", {"blog/2019/a.md": post("Byline: Jane")},
     ['content/blog/2019/a.md:5: warning: "Byline:" is not a field the site reads, so it does nothing '
      "[field-unknown]\n  hint: delete the line, or use one of the fields the site reads in blog/: Title, Date, "],
     0),
    ("the video's Captions: misspelt", {"blog/2019/a.md": post("Captoins: checked")},
     ['content/blog/2019/a.md:5: warning: "Captoins:" is not a field the site reads, so it does nothing. Did you '
      'mean "Captions:"? [field-unknown]'], 0),
    ("metadata only spaces", {"blog/2019/a.md": post("Themes:     ")},
     ["content/blog/2019/a.md:5: error: Themes: has no value [field-blank]"], 1),
    ("unknown status", {"blog/2019/a.md": post("Status: drafty")},
     ['content/blog/2019/a.md:5: error: "drafty" is not a status. Did you mean "draft"? [status-unknown]'], 1),
    ("unknown author", {"blog/2019/a.md": post(author="Danny Whitfeld")},
     ['content/blog/2019/a.md:3: error: author "Danny Whitfeld" is not in authors.toml',
      'Did you mean "Danny Whitfield"?'], 1),
    ("unknown theme", {"blog/2019/a.md": post("Themes: co-production, carer")},
     ['content/blog/2019/a.md:5: error: unknown theme "carer" in Themes. Did you mean "carers"?'], 1),
    ("unknown role group", {"blog/2019/a.md": post("Author-role: Carer\nRole-group: carers", author="Sam Guest")},
     ['content/blog/2019/a.md:6: error: unknown role group "carers" in Role-group. Did you mean "carer"?'], 1),
    ("image without alt text", {"blog/2019/a.md": post(body="Intro.\n\n![](/images/garden.png)\n")},
     ['content/blog/2019/a.md:8: error: the image "/images/garden.png" has no alt text [image-alt-missing]'], 1),
    # Python-Markdown takes spaces in an address, so these are a picture and a link on the page: checked as such.
    ("image with a space in its address, no alt text", {"blog/2019/a.md": post(body="Intro.\n\n![](my garden.png)\n")},
     ['content/blog/2019/a.md:8: error: the image "my garden.png" has no alt text [image-alt-missing]'], 1),
    ("picture with a space, without {static}", {"blog/2019/a.md": post(body="Intro.\n\n![The garden](Dad Bench.jpg)\n")},
     ['content/blog/2019/a.md:8: error: the picture "Dad Bench.jpg" is not a file of the site'], 1),
    ("link to a missing file with a space", {"blog/2019/a.md": post(body="See [the leaflet]({static}/documents/Winter Leaflet.pdf).\n")},
     ['content/blog/2019/a.md:6: error:', "Winter Leaflet.pdf", "[link-broken]"], 1),
    ("image alt is a file name", {"blog/2019/a.md": post(body="Intro.\n\n![IMG_1234.JPG](x/IMG_1234.JPG)\n")},
     ['content/blog/2019/a.md:8: error: the alt text of the image is a file name ("IMG_1234.JPG") '
      "[image-alt-filename]"], 1),
    ("image alt is a bare word for a picture", {"blog/2019/a.md": post(body="Intro.\n\n![Photo](x/garden.jpg)\n")},
     ['content/blog/2019/a.md:8: error: the alt text of the image ("Photo") only says it is a picture, not what it shows '
      "[image-alt-filename]"], 1),
    ("image alt is a word for a picture and a number", {"blog/2019/a.md": post(body="Intro.\n\n![image 3](x/a.jpg)\n")},
     ['content/blog/2019/a.md:8: error: the alt text of the image ("image 3") only says it is a picture, not what it '
      "shows [image-alt-filename]"], 1),
    ("image alt is a camera's name", {"blog/2019/a.md": post(body="Intro.\n\n![DSC_0042](x/a.jpg)\n")},
     ['content/blog/2019/a.md:8: error: the alt text of the image is a file name ("DSC_0042") [image-alt-filename]'], 1),
    ("image alt is the picture's own name", {"blog/2019/a.md": post(body="Intro.\n\n![garden](x/garden.jpg)\n")},
     ['content/blog/2019/a.md:8: error: the alt text of the image is a file name ("garden") [image-alt-filename]'], 1),
    ("link text click here", {"blog/2019/a.md": post(body="To read the report [click here](https://example.org/r).\n")},
     ['content/blog/2019/a.md:6: warning: the link text "click here" does not say where the link goes [link-text]'],
     0),
    ("link text read more", {"blog/2019/a.md": post(body="Intro.\n\n[Read more…](https://example.org/r)\n")},
     ['content/blog/2019/a.md:8: warning: the link text "Read more…" does not say where the link goes [link-text]'],
     0),
    ("link text is a web address", {"blog/2019/a.md": post(body="See <https://example.org/report>.\n")},
     ["content/blog/2019/a.md:6: warning: the link text is a web address (https://example.org/report) [link-text]"],
     0),
    ("heading levels skipped", {"blog/2019/a.md": post(body="## Start\n\nText.\n\n#### Deep\n\nText.\n")},
     ["content/blog/2019/a.md:10: warning: the heading jumps from level 2 to level 4 [heading-skip]"], 0),
    ("h1 in the body", {"blog/2019/a.md": post(body="# A second title\n\nText.\n")},
     ["content/blog/2019/a.md:6: error: a level 1 heading (# or <h1>) in the text [heading-h1]"], 1),
    ("link to a missing post", {"blog/2019/a.md": post(body="Read [our first post]({filename}/blog/2017/first.md).\n")},
     ['content/blog/2019/a.md:6: error: the link "{filename}/blog/2017/first.md" points to a file that does not exist.',
      "[link-broken]"], 1),
    ("picture with the wrong ending", {"blog/2019/a.md": post(body="![A garden in bloom]({static}/images/garden.jpg)\n")},
     ['content/blog/2019/a.md:6: error: the link "{static}/images/garden.jpg" points to a file that does not exist. '
      'Did you mean "{static}/images/garden.png"? [link-broken]'], 1),
    # A file the site would refuse for its folder is never the fix: following the hint led to the next error.
    ("missing file near one outside the published folders",
     {"blog/2019/a.md": post(body="Read [the leaflet]({static}/documents/winter-leaflet.pdf).\n"),
      "notes/winter-leaflet.pdf": "not a file of the site"},
     ['content/blog/2019/a.md:6: error: the link "{static}/documents/winter-leaflet.pdf" points to a file that does '
      "not exist. [link-broken]"], 1),
    # The nearest name to blog/2019/b.md is the post itself, which is never the fix.
    ("link to a missing post is never sent to itself", {"blog/2019/a.md": post(body="See [b]({filename}/blog/2019/b.md).\n")},
     ['content/blog/2019/a.md:6: error: the link "{filename}/blog/2019/b.md" points to a file that does not exist. '
      "[link-broken]"], 1),
    # The details end at the first line Markdown cannot read as a field: Status: draft below it would be lost.
    ("link to a post in another year's folder", {"blog/2019/a.md": post(body="See [it]({filename}/blog/2018/other.md).\n"),
                                                 "blog/2019/other.md": post("Slug: other")},
     ['content/blog/2019/a.md:6: error: the link "{filename}/blog/2018/other.md" points to a file that does not exist. '
      'Did you mean "{filename}/blog/2019/other.md"? [link-broken]'], 1),
    # Every post's path starts "{filename}/blog/20": an unrelated post is not offered for that alone.
    ("link to an unrelated missing post", {"blog/2019/a.md": post(body="See [it]({filename}/blog/2019/opening-notice.md).\n"),
                                           "blog/2019/caring-from-a-distance.md": post("Slug: caring")},
     ['content/blog/2019/a.md:6: error: the link "{filename}/blog/2019/opening-notice.md" points to a file that does '
      "not exist. [link-broken]"], 1),
    ("field name with a space", {"blog/2019/a.md": post("Content note: This post mentions self-harm.\nStatus: draft")},
     ['content/blog/2019/a.md:5: error: "Content note:" cannot be read as a field, so this line and every line after '
      'it are shown as the text, not read as details. Did you mean "Content-note:"? [field-broken]'], 1),
    ("space before a field's colon", {"blog/2019/a.md": post("Status : draft")},
     ['content/blog/2019/a.md:5: error: "Status :" cannot be read as a field, so this line and every line after it '
      'are shown as the text, not read as details. Did you mean "Status:"? [field-broken]'], 1),
    ("unknown spaced field followed by fields", {"blog/2019/a.md": post("Trigger warning: Self-harm.\nStatus: draft")},
     ['content/blog/2019/a.md:5: error: "Trigger warning:" cannot be read as a field, so this line and every line '
      "after it are shown as the text, not read as details. [field-broken]"], 1),
    # Text straight after the details with no blank line loses no field: nothing to say about it.
    ("text straight after the details", {"blog/2019/a.md": "Title: A test\nDate: 2019-05-01 09:00\nAuthor: "
                                                           "Communications Team\nSummary: A summary.\nWords.\nMore.\n"},
     [], 0),
    # A value broken onto a second line: the details end at that line, and Date: below it becomes text.
    ("title broken onto two lines", {"blog/2019/a.md": "Title: A test\npost\nDate: 2019-05-01 09:00\nAuthor: "
                                                       "Communications Team\nSummary: A summary.\n\nWords.\n"},
     ['content/blog/2019/a.md:2: error: this line ("post") has no "Name:" at its start, so the details at the top end '
      'here: "Date:" on line 3 and every line after it are shown as the text, not read as details [field-broken]'], 1),
    # The same from a carriage return pasted inside a value (an old Mac line end): it ends the line.
    ("carriage return inside a title", {"blog/2019/a.md": "Title: A test\rpost\nDate: 2019-05-01 09:00\nAuthor: "
                                                          "Communications Team\nSummary: A summary.\n\nWords.\n"},
     ['content/blog/2019/a.md:2: error: this line ("post") has no "Name:" at its start'], 1),
    ("link to a missing site path", {"blog/2019/a.md": post(body="See [the themes of 2019](/themes/no-such-theme/).\n")},
     ['content/blog/2019/a.md:6: error: the link "/themes/no-such-theme/" goes to a page the site does not have.'], 1),
    ("video without transcript", {"blog/2019/a.md": post(body="Intro.\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n")},
     ['content/blog/2019/a.md:8: warning: the video "A test post" has no transcript'],
     0),
    ("two posts with one slug", {"blog/2019/a.md": post("Slug: same"), "blog/2018/b.md": post("Slug: same", date="2018-03-01")},
     ['content/blog/2018/b.md:5: error: another post has the same web address ending "same": blog/2019/a.md [slug-duplicate]',
      'content/blog/2019/a.md:5: error: another post has the same web address ending "same": blog/2018/b.md [slug-duplicate]'], 1),
    ("two posts with one address", {"blog/2019/a.md": post("Slug: same"), "blog/2019/b.md": post("Slug: same")},
     ["content/blog/2019/a.md:5: error: this file and blog/2019/b.md would both be written to "
      "blog/2019/same/index.html [output-duplicate]"], 1),
    ("page taking the search page's address", {"pages/search.md": post("Slug: search", date=None)},
     ["content/pages/search.md:4: error: the address search/index.html is already used by the site's search page"], 1),
    ("pasted script", {"blog/2019/a.md": post(body="Hello.\n\n<script>alert('hi')</script>\n")},
     ["content/blog/2019/a.md:8: error: <script> element and everything inside it will be removed [html-removed]"],
     1),
    ("onclick attribute", {"blog/2019/a.md": post(body="Text.\n\n<p onclick=\"steal()\">Press</p>\n")},
     ["content/blog/2019/a.md:8: error: onclick=... attribute on <p> will be removed [html-removed]"], 1),
    ("javascript: link", {"blog/2019/a.md": post(body="Text.\n\n[The report](javascript:alert(1))\n")},
     ['content/blog/2019/a.md:8: error: the link address starts with "javascript:", which is not a web address the '
      "site can use, so the link will be removed. [html-removed]"], 1),
    ("style attribute from an attribute list", {"blog/2019/a.md": post(body="Text.\n{: style=\"color: red\" }\n")},
     ["content/blog/2019/a.md:7: error: style=... attribute on <p> will be removed [html-removed]"], 1),
    ("form", {"blog/2019/a.md": post(body="Text.\n\n<form action=\"https://evil.example\"><input name=q></form>\n")},
     ["content/blog/2019/a.md:8: error: <form> element will be removed [html-removed]"], 1),
    ("hard to read", {"blog/2019/a.md": post(body=HARD_TEXT + "\n")},
     ["content/blog/2019/a.md:6: warning: the reading age of this text is about 22; the limit for blog is 14 "
      "[reading-age]"],
     0),
    ("empty file", {"blog/2019/a.md": ""}, ["content/blog/2019/a.md:1: error: the file is empty [file-empty]"], 1),
    ("binary junk", {"blog/2019/a.md": bytes(range(256)) * 40},
     ["content/blog/2019/a.md:1: error: this is not a text file"], 1),
    ("not UTF-8", {"blog/2019/a.md": post(body="Our caf\u00e9 opened.\n").encode("cp1252")},
     ['content/blog/2019/a.md:6: error: the file is not saved as UTF-8: the "\u00e9" on this line was saved the older '
      'Windows way (Windows-1252, "ANSI" in Notepad) [file-encoding]',
      "hint: open it in your editor, choose Save As, and pick the encoding 'UTF-8' (in Notepad: Encoding > UTF-8)"], 1),
    ("not UTF-8, a dash from Word", {"blog/2019/a.md": post(summary="Help \u2013 near you.").encode("cp1252")},
     ['content/blog/2019/a.md:4: error: the file is not saved as UTF-8: the "\u2013" on this line'], 1),
    ("not UTF-8 nor Windows", {"blog/2019/a.md": post().encode() + b"\x81\n"},
     ["error: the file is not saved as UTF-8 (unreadable byte 0x81 on this line). [file-encoding]"], 1),
    ("a 5 MB post", {"blog/2019/a.md": FIVE_MB},
     ["content/blog/2019/a.md:1: error: the file is 5.0 MB; the limit is 512 KB [file-size]"], 1),
    ("Word document", {"blog/2019/notes.docx": b"PK\x03\x04 not really a document"},
     ["content/blog/2019/notes.docx:1: warning: this .docx file is not published: only Markdown (.md) files are"], 0),
    ("emoji and right-to-left text", {"blog/2019/a.md": post(
        title="Hope 🌱 أمل", summary="Emoji 🌈 and Arabic: الأمل والتعافي.",
        body="We said \u202bمرحبا بكم\u202c and 👋🏽 to everyone. עברית גם.\n")},
     ["no problems found"], 0),
]


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    copy_registries(folder)
    (folder / "images").mkdir()
    # A real picture: static files are vetted by their content.
    Image.new("RGB", (2, 2)).save(folder / "images" / "garden.png")
    return folder


def write(folder, files):
    write_files(folder, files, dedent=False)  # as written: the checks count lines


def run_check(cwd, *args):
    result = subprocess.run(
        [sys.executable, "-m", "inmind.check", "--settings", str(ROOT / "pelicanconf.py"), "--path", "content", *args],
        cwd=cwd, capture_output=True, text=True, timeout=120, env=ENV,
    )
    return result.returncode, result.stdout + result.stderr


def test_there_are_at_least_25_cases():
    assert len(CASES) >= 25


@pytest.mark.parametrize(("files", "expected", "status"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_malformed_input_gives_its_message(content, files, expected, status):
    write(content, files)
    code, output = run_check(content.parent)
    assert "Traceback" not in output
    for fragment in expected:
        assert fragment in output, output
    assert code == status, output
    if status:
        assert re.search(r"^[1-9]\d* errors?, \d+ warnings?$", output, re.M), output  # plain counts, never "error(s)"


def test_a_good_post_has_no_problems(content):
    write(content, {"blog/2019/good.md": GOOD, "blog/2019/other.md": post(
        "Slug: other", body="Read [a good post]({filename}good.md) and [the about page](/themes/).\n")})
    code, output = run_check(content.parent)
    assert (code, output.strip()) == (0, "no problems found")


def test_a_misspelt_summary_is_one_problem_at_its_own_line(content):
    write(content, {"blog/2019/a.md": post("Sumary: A summary with a typo.", summary=None)})
    code, output = run_check(content.parent)
    problems = [row for row in output.splitlines() if row.startswith("content/")]
    assert code == 1 and len(problems) == 1 and problems[0].startswith("content/blog/2019/a.md:4: error:"), output


@pytest.mark.parametrize("date", ["3rd March 2019", "21ST MARCH 2019", "1st of May 2019 09:00"])
def test_a_date_with_an_ordinal_names_its_day(content, date):
    # "3rd March" names its day as surely as "3 March": no warning that it does not.
    write(content, {"blog/2019/a.md": post(date=date)})
    code, output = run_check(content.parent)
    assert (code, output.strip()) == (0, "no problems found")


@pytest.mark.parametrize("body", [
    "What helped:\n\n- the forum\n- sleep\n",
    "What helped:\n\n- the forum\n\t- on Tuesdays\n\t- in Bootle\n- sleep\n",
    "What helped:\n\n- the forum, which\ngoes on here\n- sleep\n- food\n",
    "We met in\n2026. It went well.\n",
    "## What helped\n- the forum\n- sleep\n",
    "Some code:\n\n```\nfirst line\n- a\n- b\n```\n",
    "A list:\n\n1. one\n\n    - inner\n    - inner two\n\n2. two\n",
])
def test_lists_markdown_shows_as_lists_are_not_named(content, body):
    write(content, {"blog/2019/a.md": post(body=body)})
    code, output = run_check(content.parent)
    assert (code, "list-broken" in output) == (0, False), output


@pytest.mark.parametrize("body", [
    "Read [a page](https://www.nhs.uk/mental-health/) and [another](http://example.org/a?b=c#d).\n",
    "Mail [the team](mailto:team@example.org), ring [the office](tel:0151), see [the list](/themes/).\n",
    "Read [the report](report.pdf) and [the section](#help), [two](../2018/other/).\n",
    "Speaker one: I was a carer for ten years.\n\nSpeaker two: So was I.\n",
    "Note: the group meets on Tuesdays.\n",
    "Words about it.\nCaptions: inside a paragraph are words.\n",
    "```\nCaptions: automatic\n```\n",
    "![A bench](https://example.org/no space.jpg \"title\")\n",
    "https://www.youtube.com/watch?v=q3VtR8xLk2A\n\n## Transcript\n\nHello.\n",
    "Fine: [NHS](https://www.nhs.uk), <https://www.nhs.uk>, `https://code.example`, <a href=\"https://x.org\">x</a>.\n",
    "[the NHS][nhs] and [111][]\n\n[nhs]: https://www.nhs.uk\n[111]: https://111.nhs.uk \"NHS 111\"\n",
    "Write to team@www.example.org, or see ```https://in.code/x```.\n\n    https://an.indented.code/block\n",
    "<!-- a note to the editor: the source is www.nhs.uk/page\n\nCaptions: automatic\n\nand https://example.org -->\n",
    "Words <!-- www.nhs.uk --> and more <!-- https://a.example\nstill a note --> words.\n",
    "- a list\n- of two\n\n\u2022 is a bullet, said in a sentence that starts with one.\nAnd goes on.\n",
])
def test_ordinary_links_and_lines_are_not_named_as_pasted_mistakes(content, body):
    write(content, {"blog/2019/a.md": post(body=body)})
    code, output = run_check(content.parent)
    found = [check for check in ("link-address", "field-in-text", "list-broken", "does not start with https",
                                 "address-as-text")
             if check in output]
    assert found == [] and "Traceback" not in output, output


@pytest.mark.parametrize(("line", "date"), [("Anual-report: https://example.org/r.pdf", "2019-09-25 14:00"),
                                            ("Minutes: https://example.org/m.pdf", "24/09/2019 14.00")])
def test_an_agm_summary_mistake_is_named_once(content, line, date):
    write(content, {"agm/2019.md": post(f"Venue: Town Hall\n{line}", date=date)})
    code, output = run_check(content.parent)
    problems = [row for row in output.splitlines() if row.startswith("content/")]
    assert len(problems) == 1, output


@pytest.mark.parametrize("first", ["In short: we grew a garden.", "Note: this is the text.", "Thanks to: everyone."])
def test_text_that_starts_straight_after_the_fields_is_not_a_broken_field(content, first):
    # No blank line after the fields is harmless when the next line reads as text: only field-like lines are named.
    write(content, {"blog/2019/a.md": post().replace("\n\n", f"\n{first}\nWe planted it in May.\n", 1)})
    code, output = run_check(content.parent)
    assert "field-broken" not in output and "Traceback" not in output, output


def test_every_problem_is_reported_in_one_run(content):
    write(content, {
        "blog/2019/a.md": post(title=None, body="[here](https://example.org)\n"),
        "blog/2019/b.md": post(date="2019-02-30"),
        "agm/2019.md": "",
    })
    code, output = run_check(content.parent)
    assert code == 1
    for fragment in ("a.md:1: error: there is no title", "a.md:5: warning: the link text \"here\"",
                     "b.md:2: error: there is no 30 February 2019", "agm/2019.md:1: error: the file is empty"):
        assert fragment in output
    assert "3 errors, 1 warning" in output


def test_fatal_warnings_turn_warnings_into_errors_but_not_in_drafts(content):
    write(content, {
        "blog/2019/a.md": post(body="Press [here](https://example.org/report).\n"),
        "blog/2019/draft.md": post("Status: draft\nSlug: draft", body="Press [here](https://example.org/report).\n"),
    })
    assert run_check(content.parent)[0] == 0
    code, output = run_check(content.parent, "--fatal-warnings")
    assert code == 1
    assert "a.md:6: error: the link text" in output
    assert "draft.md:8: warning: the link text" in output


def test_a_field_nothing_reads_stops_publishing_but_not_a_draft(content):
    # "Photo:" looks like it sets the post's picture; nothing reads it, so the published page would lack it.
    write(content, {
        "blog/2019/a.md": post("Photo: garden.png\nTags2: gardens\nImage: garden.png"),
        "blog/2019/draft.md": post("Status: draft\nSlug: draft\nByline: Jane <b>&amp;</b>"),
    })
    assert run_check(content.parent)[0] == 0
    code, output = run_check(content.parent, "--fatal-warnings")
    assert code == 1, output
    assert 'a.md:5: error: "Photo:" is not a field the site reads, so it does nothing [field-unknown]' in output
    assert 'a.md:6: error: "Tags2:" is not a field the site reads, so it does nothing. Did you mean "Tags:"?' in output
    assert 'a.md:7: error: "Image:" is not a field the site reads, so it does nothing. Did you mean "Share-image:"?' \
        in output
    assert 'draft.md:7: warning: "Byline:" is not a field the site reads' in output, output


def test_severity_can_be_changed_in_the_setting(content, tmp_path):
    settings = tmp_path / "conf.py"
    settings.write_text(
        "from pelicanconf import *\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\nTHEME = {str(ROOT / 'theme')!r}\n"
        "CHECKS = {'severity': {'link-text': 'error', 'heading-skip': 'off'}, 'reading_age_max': {'blog': None}}\n"
    )
    write(content, {"blog/2019/a.md": post(body="[here](https://example.org)\n\n## A\n\n#### B\n\n" + HARD_TEXT)})
    result = subprocess.run([sys.executable, "-m", "inmind.check", "--settings", str(settings), "--path", "content"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120, env=ENV)
    assert result.returncode == 1, result.stdout
    assert 'error: the link text "here"' in result.stdout
    assert "heading-skip" not in result.stdout
    assert "reading-age" not in result.stdout


def test_a_wrong_setting_is_named_without_a_traceback(content, tmp_path):
    settings = tmp_path / "conf.py"
    settings.write_text("from pelicanconf import *\n"
                        f"THEME = {str(ROOT / 'theme')!r}\nCHECKS = {{'reading_age': 12, 'severity': {{}}}}\n")
    result = subprocess.run([sys.executable, "-m", "inmind.check", "--settings", str(settings), "--path", "content"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120, env=ENV)
    assert result.returncode == 1
    assert "CHECKS has an unknown key 'reading_age'. Did you mean \"reading_age_max\"?" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_only_the_named_files_are_reported(content):
    write(content, {"blog/2019/a.md": post(title=None), "blog/2019/b.md": post(date="2019-02-30", title="B")})
    code, output = run_check(content.parent, "content/blog/2019/b.md")
    assert code == 1
    assert "b.md:2" in output
    assert "a.md" not in output


def test_the_shipped_content_passes_as_the_publish_build_checks_it():
    result = subprocess.run([sys.executable, "-m", "inmind.check", "--settings", "publishconf.py", "--fatal-warnings"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


# --- Random input: the checker returns problems and never raises --------------------------------------------

from hypothesis import HealthCheck, given  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

KEYS = st.sampled_from([
    "Title", "Date", "Author", "Authors", "Summary", "Slug", "Status", "Themes", "Series", "Series_index",
    "Transcript", "Role-group", "Author-role", "Highlight", "Venue", "Modified", "Lang", "Save_as", "URL",
    "Auto-themes", "Annual-report", "Minutes",
]) | st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,12}", fullmatch=True)
VALUES = st.text(max_size=60).map(lambda v: v.replace("\n", " ").replace("\r", " ")) | st.sampled_from([
    "2019-02-31", "2019-13-45 25:61", "99999999999999999999", "draft", "Draft", "published", "Communications Team",
    "carers, nope", "", "   ", "<script>x</script>", "transcripts/x.md", "../../etc/passwd", "{filename}/nope.md",
    "🌱 أمل", "0", "-1", "https://www.youtube.com/watch?v=bad", "Rev Julian Raffay, A carer",
])
FRAGMENTS = st.sampled_from([
    "# ", "## ", "#### ", "![", "](", "[", "]", "(", ")", "{filename}", "{static}/", "/", "<script>", "</p>",
    '<a href="javascript:x">', "<img src=x>", "`", "```\n", "    ", "\n", "\n\n", "| a | b |\n|---|---|\n", "- ",
    "1. ", "> ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "[video: x | 1:00](https://vimeo.com/1)", "---\n",
    "===\n", "{: onclick=x}", "&#106;", "\u202e", "\x00", "\ufeff", "\r", "[^1]", "*[HTML]: x", "<!-- x -->",
    "click here", "Transcript", "Replace this",
])
BODIES = st.lists(FRAGMENTS | st.text(max_size=20), max_size=40).map("".join)
FILES = st.one_of(
    st.tuples(st.lists(st.tuples(KEYS, VALUES), max_size=12), BODIES).map(
        lambda parts: "".join(f"{k}: {v}\n" for k, v in parts[0]) + "\n" + parts[1]
    ),
    st.binary(max_size=300),
    BODIES,
)
_BASE_SETTINGS = {}


def _settings(path):
    if not _BASE_SETTINGS:
        from inmind.build import load_settings

        _BASE_SETTINGS.update(load_settings(ROOT / "pelicanconf.py"))
    return {**_BASE_SETTINGS, "PATH": str(path), "CACHE_PATH": str(path.parent / "cache")}


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(post_text=FILES, page_text=st.none() | FILES, where=st.sampled_from(["blog/2019", "agm", "pages", "transcripts"]))
def test_random_files_never_make_the_checker_raise(post_text, page_text, where):
    import tempfile
    from pathlib import Path

    from inmind.check import check_site
    from inmind.errors import Problem

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "content"
        folder.mkdir()
        copy_registries(folder)
        files = {f"{where}/a.md": post_text}
        if page_text is not None:
            files["pages/p.md"] = page_text
        write(folder, files)
        problems = check_site(_settings(folder))
    assert isinstance(problems, list)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.severity in ("error", "warning")
        assert problem.message
        if problem.line is not None:
            assert problem.line >= 1


def test_cached_results_match_and_follow_every_change(content):
    from inmind.check import check_site

    write(content, {
        "blog/2019/a.md": post(title=None, body="See [the old post]({filename}/blog/2018/old.md) and [here](/x/).\n"),
        "blog/2019/b.md": post("Themes: carer", date="2019-02-30"),
        "blog/2019/c.md": GOOD,
    })
    settings = _settings(content)
    first = check_site(settings)
    assert (content.parent / "cache" / "inmind-check.json").exists()
    assert check_site(settings) == first
    assert check_site(settings, fatal_warnings=True) != first  # promotion happens after the cache
    messages = " ".join(p.message for p in first)
    assert "there is no title" in messages and "there is no 30 February" in messages and 'unknown theme "carer"' in messages
    # The linked file appears: a.md's bytes are the same, but its broken-link error must go.
    write(content, {"blog/2018/old.md": GOOD.replace("A good post", "An old post")})
    assert not any("old.md" in p.message for p in check_site(settings))
    # A fixed file is checked again.
    write(content, {"blog/2019/b.md": post("Themes: carers", title="B")})
    assert not any(p.path.endswith("b.md") for p in check_site(settings))
    # A changed registry is read again.
    registry = content / "authors.toml"
    registry.write_text(registry.read_text(encoding="utf-8").replace('name = "Communications Team"',
                                                                     'name = "Comms Team"'), encoding="utf-8")
    assert any('author "Communications Team" is not in authors.toml' in p.message for p in check_site(settings))


def test_without_a_cache_folder_every_file_is_checked_the_same(content):
    from inmind.check import check_site

    write(content, {"blog/2019/a.md": post(title=None), "blog/2019/c.md": GOOD})
    settings = _settings(content)
    problems = check_site({**settings, "CACHE_PATH": ""})
    assert problems == check_site(settings) and "there is no title" in " ".join(p.message for p in problems)


def test_many_files_are_checked_on_every_core_with_the_same_results(content, monkeypatch):
    import inmind.check
    from inmind.check import check_site

    files = {}
    for index in range(40):
        files[f"blog/2019/good-{index}.md"] = post(f"Slug: good-{index}", title=f"Good {index}")
        files[f"blog/2019/bad-{index}.md"] = post(f"Slug: bad-{index}", title=None, date="2019-02-30",
                                                  body="[here](https://example.org) ![](x.png)\n")
        files[f"blog/2018/dup-{index}.md"] = post("Slug: same", title=f"Dup {index}", date="2018-01-01")
        files[f"pages/page-{index}.md"] = post(f"Slug: page-{index}", date=None, title=f"Page {index}",
                                               body=f"See [good]({{filename}}/blog/2019/good-{index}.md).\n")
    write(content, files)
    settings = {**_settings(content), "CHECKS": {"cache": False}}
    monkeypatch.setattr(inmind.check, "PARALLEL_MIN_FILES", 10**9)
    serial = check_site(settings, fatal_warnings=True)
    monkeypatch.setattr(inmind.check, "PARALLEL_MIN_FILES", 2)
    parallel = check_site(settings, fatal_warnings=True)
    assert len(serial) >= 200
    assert parallel == serial


def test_a_pasted_iframe_is_one_error_with_the_video_fix(tmp_path):
    from inmind.build import load_settings
    from inmind.check import check_site

    content = tmp_path / "content"
    write(content, {"blog/2019/a.md": post(body='Words.\n\n<iframe src="https://www.youtube.com/embed/q3VtR8xLk2A">'
                                                "</iframe>\n")})
    settings = load_settings(ROOT / "pelicanconf.py", {"PATH": str(content), "CHECKS": {"cache": False}})
    found = [p for p in check_site(settings) if p.line == 8]
    assert len(found) == 1, found
    assert "<iframe>" in found[0].message and "paste the video's plain link" in found[0].hint


def test_a_transcript_needs_no_title(tmp_path):
    from inmind.build import load_settings
    from inmind.check import check_site

    content = tmp_path / "content"
    write(content, {"blog/2019/a.md": post("Transcript: transcripts/talk.md",
                                           body="Words.\n\nhttps://www.youtube.com/watch?v=q3VtR8xLk2A\n"),
                    "transcripts/talk.md": "The speaker welcomes everyone and thanks the volunteers.\n"})
    settings = load_settings(ROOT / "pelicanconf.py", {"PATH": str(content), "CHECKS": {"cache": False}})
    assert not [p for p in check_site(settings) if "talk.md" in p.path or "title" in p.message.lower()]


SOON = datetime.date.today() + datetime.timedelta(days=120)
NEXT_MEETING = f"""Title: Annual General Meeting {SOON.year}
Date: {SOON} 14:00
End: {SOON} 16:00
Venue: The Life Rooms, 1 Pennington Road, Liverpool L4 0RL
Access: Step-free entrance and a hearing loop.
Online: https://meet.example.nhs.uk/agm
Questions: Send them to the Trust Secretary by 1 September.
Summary: Our meeting is open to everyone.
"""


def test_the_next_meetings_own_fields_are_not_called_unknown(content):
    # The AGM plugin checks the next meeting's fields itself (End:, Access:, Online:, Questions:); the site-wide
    # check called "End:" unknown ("Did you mean Venue:?"), a warning that stopped every publish build.
    write(content, {"agm/next.md": NEXT_MEETING})
    code, output = run_check(content.parent, "--fatal-warnings")
    assert code == 0 and output.startswith("no problems found\n"), output


def test_a_misspelt_field_of_the_next_meeting_is_still_named_once(content):
    write(content, {"agm/next.md": NEXT_MEETING.replace("Access:", "Acess:")})
    code, output = run_check(content.parent)
    problems = [row for row in output.splitlines() if row.startswith("content/")]
    assert len(problems) == 1 and problems[0].startswith("content/agm/next.md:5: error:"), output
    assert '"acess" is not a field of the next meeting. Did you mean "access"?' in problems[0], output


def test_a_blog_post_with_the_next_meetings_field_is_still_warned(content):
    write(content, {"blog/2019/a.md": post("End: 2019-06-01")})
    code, output = run_check(content.parent)
    assert '"End:" is not a field the site reads, so it does nothing. Did you mean "Venue:"?' in output, output


def test_the_projects_own_content_passes_the_publish_checks():
    # What `./dev publish` runs first: warnings count as errors there, so one stray warning stops the site.
    result = subprocess.run(
        [sys.executable, "-m", "inmind.check", "--settings", str(ROOT / "pelicanconf.py"), "--fatal-warnings"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env=ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert ": warning:" not in result.stdout + result.stderr and ": error:" not in result.stdout + result.stderr


def test_a_problem_of_the_whole_site_sorts_beside_problems_of_files():
    from inmind.check import _finish
    from inmind.errors import Problem

    # A problem with no path (an SVG the vetting could not read, a settings mistake) beside one with a path stopped
    # the checker: "'<' not supported between instances of 'NoneType' and 'str'".
    site = Problem(None, None, "error", "the files could not be vetted")
    post = Problem("content/blog/a.md", 3, "warning", "a warning")
    report = SimpleNamespace(entries=[(None, post), (None, site)])
    assert _finish(report, False, None) == [site, post]
    assert _finish(report, False, ["content/blog/a.md"]) == [site, post]
    assert _finish(report, False, ["content/blog/b.md"]) == [site]
