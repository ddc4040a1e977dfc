"""In real Chromium, a post's text shows its words and letters in the order the file holds them.

The real-name check reads the file in its written order, so nothing a post may keep (HTML or invisible
characters) may show words backwards or in another order: "Oduya-Marchbanks Philippa" must never show as
"Philippa Marchbanks-Oduya" (each of these did before the allowlist left such things out).
"""

import pytest
from content_safety.sanitiser import sanitise

pytestmark = pytest.mark.browser

TRICKS = {
    "bdo": '<p><bdo dir="rtl">ayudO-sknabhcraM appilihP</bdo></p>',
    "override character": "<p>\u202eayudO-sknabhcraM appilihP\u202c</p>",
    "bdi in a right-to-left paragraph": '<p dir="rtl"><bdi>Oduya</bdi>-<bdi>Marchbanks</bdi> <bdi>Philippa</bdi></p>',
    "dir on inline parts": '<p dir="rtl"><span dir="ltr">Oduya</span>-<em dir="ltr">Marchbanks</em> '
                           '<span dir="ltr">Philippa</span></p>',
    "isolate and marks": "<p>\u2067Oduya\u200f-Marchbanks\u200f Philippa\u2069</p>",
    "embedding and marks": "<p>\u202bOduya\u200f-Marchbanks\u200f Philippa\u202c</p>",
    "marks in a right-to-left paragraph": '<p dir="rtl">Oduya\u200f-Marchbanks\u200f Philippa</p>',
    "ruby": "<p><ruby>Phil<rt> </rt>ippa</ruby> <ruby>March<rp>zz</rp>banks</ruby></p>",
}
# Each Latin word of the page's text, in the order a reader sees them (left to right, line by line).
SHOWN_ORDER = """() => {
  const words = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    for (const m of node.data.matchAll(/[A-Za-z]+/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const box = range.getBoundingClientRect();
      if (box.width > 0) words.push([Math.round(box.top), box.left, m[0]]);
    }
  }
  return words.sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((w) => w[2]);
}"""
WRITTEN_ORDER = """() => [...document.body.textContent.matchAll(/[A-Za-z]+/g)].map((m) => m[0])"""


@pytest.mark.parametrize("html", list(TRICKS.values()), ids=list(TRICKS))
def test_a_post_shows_its_words_in_the_order_they_are_written(page, html):
    page.set_content(f'<!doctype html><html lang="en"><meta charset="utf-8"><body>{sanitise(html)}</body></html>')
    assert page.evaluate(SHOWN_ORDER) == page.evaluate(WRITTEN_ORDER)


@pytest.mark.parametrize("html", list(TRICKS.values()), ids=list(TRICKS))
def test_the_tricks_did_turn_the_words_round_before(page, html):
    # The same HTML as it was written (the test above would pass on a page that showed nothing).
    page.set_content(f'<!doctype html><html lang="en"><meta charset="utf-8"><body>{html}</body></html>')
    assert page.evaluate(SHOWN_ORDER) != page.evaluate(WRITTEN_ORDER)
