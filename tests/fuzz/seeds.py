#!/usr/bin/env python3
"""seeds.py - writes the seed corpora of tests/fuzz/corpus/TARGET/ from the
repository's own sites, the Liquid suite and /work/shared/seeds (when present).

Run once from the repository root when the sources change; the corpora are
committed, so the build needs no Python. Files are named by a hash of their
content, so running it twice changes nothing."""
import glob, hashlib, json, os, struct, sys

ROOT = "tests/fuzz/corpus"
SHARED = os.environ.get("SEEDS", "/work/shared/seeds")
SKIP = (".png", ".jpg", ".jpeg", ".gif", ".css", ".js", ".woff", ".woff2", ".ico", ".pdf")


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(ROOT, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def files(*patterns):
    out = []
    for p in patterns:
        out += [f for f in glob.glob(p, recursive=True) if os.path.isfile(f) and not f.endswith(SKIP)]
    return sorted(set(out))


def read(f):
    with open(f, "rb") as fh:
        return fh.read()


pages = files("content/**/*", "tests/sites/*/src/content/**/*", "tests/cli/**/content/**/*",
              SHARED + "/*")
yamls = files("site.yml", "data/*.yml", "tests/sites/*/src/*.yml", "tests/sites/*/src/data/*",
              "themes/*/i18n/*.yml")
layouts = files("themes/*/layouts/*", "themes/*/includes/*", "tests/sites/*/src/layouts/*",
                "tests/sites/*/src/includes/*")
jsons = files("tests/sites/*/expected/**/*.json", "data/*.json")

# Front matter + YAML: whole pages, and YAML files given as front matter.
for f in pages:
    put("frontmatter", read(f))
for f in yamls:
    put("frontmatter", b"---\n" + read(f) + b"\n---\nbody\n")
for s in ["---\na: &x [1, 2]\nb: *x\nc:\n  <<: {k: v}\n  d: 1\n---\n",
          "\ufeff---\r\ntitle: t\r\n---\r\nbody\r\n",
          "---\ndate: 2017-03-03 10:17:05 +01:00\nn: 0x1F\nf: .inf\nb: yes\nq: 'no'\n...\n",
          "---\na: [[[[{b: [c]}]]]]\n---\n", "---\n", "---\n---\n", "---\nunclosed: 1\n",
          "---\na: \"\\u00e9\\x41\"\nb: |\n  line\n  line\nc: >-\n  folded\n---\n"]:
    put("frontmatter", s)

# JSON.
for f in jsons:
    put("json", read(f))
suite = json.load(open("tests/liquid-suite/golden_liquid.json"))["tests"]
for t in suite:
    if t.get("data"):
        put("json", json.dumps(t["data"]))
for s in ['{"a":[1,2.5,-0.0,1e308,true,false,null],"b":"\\ud83d\\ude00\\n\\u0000"}',
          "[]", "{}", '"\\uD800"', "[" * 50 + "]" * 50, '{"a":{"b":{"c":[1,{"d":"e"}]}}}',
          "123456789012345678901234567890", "-1.5e-300", " \t\n[1 ,2 ]"]:
    put("json", s)

# Liquid: template NUL data.
for t in suite:
    data = json.dumps(t.get("data") or {}).encode()
    for tpl in [t.get("template")] + list((t.get("templates") or {}).values()):
        if isinstance(tpl, str):
            put("liquid", tpl.encode() + b"\0" + data)
for f in layouts + pages:
    put("liquid", read(f) + b"\0" + b'{"page":{"title":"T","locale":"fr","tags":["a","b"]},'
        b'"site":{"baseurl":"/b","pages":[{"url":"/x","title":"X"}]},"content":"<p>c</p>"}')
for s in ["{% include a.html rec=true a='x' %}", "{% render 'p', a: 1 %}",
          "{% for i in (1..1000) %}{% include p %}{% endfor %}",
          "{% assign x = 'ab' %}{% for i in (1..30) %}{% assign x = x | append: x %}{% endfor %}{{ x.size }}",
          "{{ page.title | markdownify }}\0{\"page\":{\"title\":\"# h\\n*e*\"}}"]:
    put("liquid", s)

# Markdown: page bodies.
for f in pages:
    put("markdown", read(f))
for s in ["<div class=\"a\">\n  <h2>T</h2>\n\n    <p>x</p>\n</div>\n",
          "| a | b |\n|---|---|\n| ~~s~~ | www.example.com |\n\n- [ ] task\n",
          "# Titre : « guillemets » ; oui ! non ?\n\n```\ncode : non\n```\n",
          "# Same\n# Same\n## \u00c9t\u00e9 \u4e2d\u6587\n"]:
    put("markdown", s)

# Permalinks: flags byte, then pattern, title, dir, name, collection,
# categories, lang, output_ext, separated by NUL.
fields = ["hello-world", "a/b", "2017-03-03-hello-world", "blog", "x/y", "fr", ".html"]
patterns = ["/:year/:month/:day/:title:output_ext", "pretty", "date", "none", "ordinal",
            "/:collection/:path/", "/:categories/:slug/", "/:lang/:title/", "/:path/:basename:output_ext",
            "/:i_month/:i_day/:short_year/:y_day/:hour:minute:second/", "/agora", "/a/../b", "/./",
            "/%2e%2e/x", "//x//y/", "/feed.xml", "/", "relative/path", ":name", "/:title.html"]
for i, p in enumerate(patterns):
    put("permalink", bytes([i * 13 & 0xff]) + "\0".join([p] + fields).encode())
put("permalink", b"\x07/:title/\0..\0..\0..\0..\0..\0..\0/..")

# Slides.
for f in files("content/slides/*", "tests/sites/deck/src/content/**/*"):
    put("slides", read(f))
for s in ["a\n---\nb\n---\n---\n", "```\n---\n```\n---\nx", "---", "---\r\n\r\n---\r\n",
          "<!-- class: title -->\n# T\n<!-- notes: n -->\nNotes:\nmore\n---\nx\n", ""]:
    put("slides", s)
