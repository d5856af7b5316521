#!/bin/sh
# Command-line tests of `pnyx new`: each kind, the slug, never
# overwriting, --locale, bad usage, and that the new files then build.
#   tests/new.sh PNYX
set -u
pnyx=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1
pass=0 fail=0

ok() { pass=$((pass + 1)); }
ko() { echo "new: FAIL: $*"; fail=$((fail + 1)); }

# expect_status NAME STATUS CMD...: runs CMD, output in $tmp/out and $tmp/err.
expect_status() {
	name=$1 want=$2; shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"; got=$?
	if [ "$got" = "$want" ]; then ok; else ko "$name: exit $got, wanted $want"; cat "$tmp/err"; fi
}

# has FILE LINE: FILE holds exactly this line.
has() { grep -qxF -- "$2" "$1" && ok || { ko "$1 has no line '$2'"; cat "$1"; }; }

# A one-locale site with a slides layout (the deck's), built from the CLI base.
site="$tmp/site"
cp -r "$here/cli/base" "$site"
printf '<!doctype html>\n<html lang="fr"><title>{{ page.title }}</title>{{ content }}</html>\n' \
	>"$site/layouts/slides.html"
export SOURCE_DATE_EPOCH=1700000000   # 2023-11-14 22:13:20 UTC

# post: dated file under content/blog/, the date from SOURCE_DATE_EPOCH.
expect_status "new post" 0 "$pnyx" new post "Titre du billet à l'été" -s "$site"
post="$site/content/blog/2023-11-14-titre-du-billet-a-l-ete.md"
[ "$(cat "$tmp/out")" = "$post" ] && ok || ko "new post prints the path: $(cat "$tmp/out")"
[ -f "$post" ] && ok || ko "new post: no $post"
has "$post" '---'
has "$post" "title: \"Titre du billet à l'été\""
has "$post" 'date: 2023-11-14'
has "$post" 'layout: default'
grep -q '^locale:' "$post" && ko "one locale: no locale line" || ok

# page: content/SLUG.md; titles with YAML-hostile characters stay safe.
expect_status "new page" 0 "$pnyx" new page 'Qui sommes-nous ? "Nous" : #1, 100 % {{ libres }}' -s "$site"
page="$site/content/qui-sommes-nous-nous-1-100-libres.md"
[ "$(cat "$tmp/out")" = "$page" ] && ok || ko "new page prints the path: $(cat "$tmp/out")"
has "$page" 'title: "Qui sommes-nous ? \"Nous\" : #1, 100 % {{ libres }}"'
has "$page" 'layout: default'
grep -q '^date:' "$page" && ko "a page has no date" || ok

# deck: content/slides/SLUG.md, layout slides, two slides and notes.
expect_status "new deck" 0 "$pnyx" new deck "Œuvres & Ægis: ÇA Marche" -s "$site"
deck="$site/content/slides/oeuvres-aegis-ca-marche.md"
[ -f "$deck" ] && ok || ko "new deck: no $deck ($(cat "$tmp/out"))"
has "$deck" 'layout: slides'
[ "$(grep -cx -- '---' "$deck")" = 3 ] && ok || ko "deck: front matter and one slide separator"
grep -q '^Notes:' "$deck" && ok || ko "deck: a Notes: example"

# Run from inside the site, the path is relative.
(cd "$site" && "$pnyx" new page "Plan du site") >"$tmp/out" 2>"$tmp/err" && ok || ko "new page in the site"
[ "$(cat "$tmp/out")" = "content/plan-du-site.md" ] && ok || ko "relative path: $(cat "$tmp/out")"

# Never overwrite.
printf 'keep me\n' >"$site/content/mine.md"
expect_status "existing file" 1 "$pnyx" new page "Mine" -s "$site"
grep -q 'already exists' "$tmp/err" && ok || ko "existing file: message: $(cat "$tmp/err")"
[ "$(cat "$site/content/mine.md")" = "keep me" ] && ok || ko "existing file was changed"
expect_status "second post" 1 "$pnyx" new post "Titre du billet à l'été" -s "$site"
[ -s "$tmp/out" ] && ko "nothing printed on failure" || ok

# The new files build.
expect_status "build" 0 "$pnyx" build -q -s "$site"
[ -f "$site/_site/qui-sommes-nous-nous-1-100-libres.html" ] && ok || ko "page built"
[ -f "$site/_site/plan-du-site.html" ] && ok || ko "second page built"
find "$site/_site" -name '*.html' | xargs grep -l 'Titre du billet' >/dev/null && ok || ko "post built"
grep -rq 'ÇA Marche' "$site/_site" && ok || ko "deck built with its title"
grep -rqF '{{ libres }}' "$site/_site" && ok || ko "the title's braces are text, not Liquid"

# Locales: the default one when the site has several, or the one asked.
multi="$tmp/multi"
cp -r "$here/sites/locales/src" "$multi"
expect_status "new post, two locales" 0 "$pnyx" new post "Bonjour" -s "$multi"
has "$multi/content/blog/2023-11-14-bonjour.md" 'locale: fr'
expect_status "new page --locale en" 0 "$pnyx" new page "Hello world" --locale en -s "$multi"
has "$multi/content/hello-world.md" 'locale: en'
expect_status "new page -l en" 0 "$pnyx" new -l en page "Contact" -s "$multi"
has "$multi/content/contact.md" 'locale: en'
expect_status "unknown locale" 2 "$pnyx" new page "Hallo" --locale de -s "$multi"
grep -q "'de' is not one of the site's locales (fr, en)" "$tmp/err" && ok || ko "unknown locale message: $(cat "$tmp/err")"
[ -e "$multi/content/hallo.md" ] && ko "unknown locale: no file" || ok
expect_status "build, two locales" 0 "$pnyx" build -q -s "$multi"
[ -f "$multi/_site/en/hello-world.html" ] && ok || ko "English page built under /en/"
expect_status "one locale, --locale" 0 "$pnyx" new page "Avec locale" --locale en -s "$site"
has "$site/content/avec-locale.md" 'locale: en'

# Without SOURCE_DATE_EPOCH: today, in the site's time zone (UTC here).
(unset SOURCE_DATE_EPOCH; "$pnyx" new post "Aujourd'hui" -s "$site") >"$tmp/out" 2>"$tmp/err"
day=$(TZ=UTC date +%Y-%m-%d)
[ -f "$site/content/blog/$day-aujourd-hui.md" ] && ok || ko "today's post: $(cat "$tmp/out") $(cat "$tmp/err")"

# Titles without Latin letters keep their letters (Jekyll's default mode).
expect_status "greek title" 0 "$pnyx" new page "Δημοκρατία" -s "$site"
# (the letters' case is the site's slugify's: permalink_slugify)
case "$(cat "$tmp/out")" in "$site"/content/*ημοκρατία.md) ok ;; *) ko "greek slug: $(cat "$tmp/out")" ;; esac
[ -f "$(cat "$tmp/out")" ] && ok || ko "greek page written"

# Bad usage: exit 2, a usage line, no file.
before=$(find "$site/content" | sort)
expect_status "no kind" 2 "$pnyx" new
grep -q '^usage: pnyx new' "$tmp/err" && ok || ko "no kind: usage"
expect_status "no title" 2 "$pnyx" new post -s "$site"
grep -q '^usage: pnyx new' "$tmp/err" && ok || ko "no title: usage"
expect_status "unknown kind" 2 "$pnyx" new article "Title" -s "$site"
grep -q "unknown kind 'article'" "$tmp/err" && ok || ko "unknown kind: message"
expect_status "empty title" 2 "$pnyx" new page "  " -s "$site"
expect_status "no letter" 2 "$pnyx" new page "!!! ???" -s "$site"
expect_status "extra argument" 2 "$pnyx" new page "A" "B" -s "$site"
expect_status "bad option" 2 "$pnyx" new page "A" --bogus -s "$site"
expect_status "bad UTF-8" 2 "$pnyx" new page "$(printf 'caf\351')" -s "$site"
[ "$(find "$site/content" | sort)" = "$before" ] && ok || ko "bad usage created a file"
expect_status "--help" 0 "$pnyx" new --help
grep -q 'post|page|deck' "$tmp/out" && ok || ko "--help prints the usage"
expect_status "missing site" 1 "$pnyx" new page "A" -s "$tmp/nowhere"
grep -q 'site.yml' "$tmp/err" && ok || ko "missing site: names site.yml"
expect_status "listed in --help" 0 "$pnyx" --help
grep -q '^  new ' "$tmp/out" && ok || ko "pnyx --help lists new"

echo "new: $pass passed, $fail failed"
[ "$fail" = 0 ]
