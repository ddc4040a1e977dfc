"""Co-production pages rendered with the blog's compiled templates (pages.share_templates): the same bytes as before."""

import tomllib

import pytest
from conftest import ROOT, copy_registries, run_build, write_files
from conftest import listed_post as post
from coproduction import pages
from pelican.generators import ArticlesGenerator, PagesGenerator

# Listed on theme, role, group and voices pages at several depths (per_page 1 gives page/2/ and page/3/), with
# every character a template must escape, odd Unicode, a guest's own role and a hidden draft.
FILES = {
    "blog/2018/a.md": post("cafe", "Carers’ café — naïve “quotes” ﬁne 𝒳 עברית", "2018-01-10 09:00",
                           "Maureen Costigan", themes="carers, recovery"),
    "blog/2018/b.md": post("markup", "*Emphasis* &amp; an entity &#x1F600; <3", "2018-02-10 09:00",
                           "Rev Julian Raffay", themes="carers, co-production",
                           summary="Tom &amp; Jerry &lt;b&gt; <script>alert(1)</script> 5 < 6 \"quoted\" 'too'"),
    "blog/2019/c.md": post("joint", "Two writers, one\u200bpost", "2019-01-10 09:00", "Maureen Costigan",
                           authors="Maureen Costigan, Tom Brennan", themes="carers, recovery, co-production"),
    "blog/2019/d.md": post("guest", "A guest’s garden", "2019-03-10 09:00", "Sam Guest",
                           author_role='Volunteer "Gardener" & <b>Helper</b>', role_group="volunteer",
                           themes="recovery, carers"),
    "blog/2019/e.md": post("draft", "An unfinished carers post", "2019-04-10 09:00", "Maureen Costigan",
                           themes="carers", status="draft"),
    # An AGM summary: with none, Pelican's empty AGM feed is dated by the clock, and no two builds agree.
    "agm/2019.md": "Title: Annual General Meeting 2019\nDate: 2019-09-25 14:00\nAuthor: Communications Team\n"
                   "Summary: What happened at the 2019 meeting.\nVenue: Town Hall, High Street, Bootle L20 7AE\n\n"
                   "The meeting heard from carers and governors.\n",
}
OVERRIDES = {"DEFAULT_PAGINATION": 1, "COPRODUCTION": {"per_page": 1}}


def _content(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    copy_registries(content)
    registry = tomllib.loads((ROOT / "content" / "authors.toml").read_text(encoding="utf-8"))["author"]
    anonymous = next(a for a in registry if a.get("anonymous"))["name"]
    write_files(content, {**FILES, "blog/2019/f.md": post("far", "Caring from far away", "2019-05-10 09:00",
                                                          anonymous, themes="carers, recovery")})
    return content


def _files(output):
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


def _build(monkeypatch, content, output, settings_file, shared):
    """Build with the blog's environment (the change) or with the generator's own, as before.

    Return, for each template our generator asked for, whether it came from the blog's environment.
    """
    blogs, used = [], []
    reuse, get_template = pages.CoproductionGenerator.reuse_templates, pages.CoproductionGenerator.get_template

    def reusing(generator, blog):
        blogs.append(blog.env)
        if shared:
            reuse(generator, blog)

    def recording(generator, name):
        template = get_template(generator, name)
        used.append(generator.env is blogs[0] and template.environment is blogs[0])
        return template

    monkeypatch.setattr(pages.CoproductionGenerator, "reuse_templates", reusing)
    monkeypatch.setattr(pages.CoproductionGenerator, "get_template", recording)
    site = run_build(content, output, settings_file, **OVERRIDES)
    monkeypatch.undo()
    assert site.status == 0, site.messages
    assert len(blogs) == 1
    return site, used


@pytest.mark.parametrize("settings_file", ["pelicanconf.py", "publishconf.py"])
def test_every_file_is_byte_identical_with_the_blogs_templates_and_with_its_own(tmp_path, monkeypatch, settings_file):
    content = _content(tmp_path)
    on, used_on = _build(monkeypatch, content, tmp_path / "on" / "output", settings_file, shared=True)
    off, used_off = _build(monkeypatch, content, tmp_path / "off" / "output", settings_file, shared=False)
    # Really rendered in the blog's environment with the change, and really in its own without.
    assert used_on and all(used_on)
    assert used_off and not any(used_off)
    with_shared, with_own = _files(on.output), _files(off.output)
    assert sorted(with_shared) == sorted(with_own)
    assert len(with_shared) > 40
    differing = [rel for rel in with_shared if with_shared[rel] != with_own[rel]]
    assert not differing, differing[:20]
    # Our pages at three depths, a feed, and a guest's role page are among the files compared.
    for rel in ("themes/index.html", "themes/carers/page/3/index.html", "voices/index.html"):
        assert on.path(rel).exists(), rel
    assert any(rel.startswith("roles/") for rel in with_shared)
    assert "feeds/themes/carers.atom.xml" in with_shared and "feeds/voices/volunteer.atom.xml" in with_shared


def _generator(cls):
    generator = cls.__new__(cls)  # no environment built: only its class and env are read
    generator.env, generator._templates = object(), {"theme": "compiled in its own environment"}
    return generator


def test_only_the_blogs_environment_is_handed_to_our_generator():
    ours, blog, other = _generator(pages.CoproductionGenerator), _generator(ArticlesGenerator), _generator(PagesGenerator)
    own = ours.env
    pages.share_templates([other, ours])  # no blog generator: ours keeps its own
    assert ours.env is own and ours._templates
    pages.share_templates([other, blog, ours])
    assert ours.env is blog.env and ours.env is not other.env
    assert not ours._templates  # nothing compiled in its own environment is used afterwards
