"""robots.txt: allows crawling and gives the sitemap's absolute address."""

from publish_extras.robots import robots_txt


def test_allows_everything_and_names_the_sitemap():
    text = robots_txt("https://inmind.example.nhs.uk", "sitemap.xml")
    assert text == "User-agent: *\nAllow: /\n\nSitemap: https://inmind.example.nhs.uk/sitemap.xml\n"


def test_disallowed_paths_and_a_site_in_a_subfolder():
    text = robots_txt("https://org.github.io/inmind/", "/sitemap.xml", ["private/"])
    assert "Disallow: /inmind/private/" in text.splitlines()
    assert "Allow: /" not in text
    assert text.endswith("Sitemap: https://org.github.io/inmind/sitemap.xml\n")
