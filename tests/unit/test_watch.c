#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "watch.h"

/* ---- a temporary site per test ---- */

static char tmp[64];

static int make_tmp(void **state)
{
	snprintf(tmp, sizeof tmp, "/tmp/pnyx-watch-XXXXXX");
	return mkdtemp(tmp) ? 0 : -1;
}

static int remove_tmp(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *at(const char *rel)
{
	static char p[8][512];
	static int k;
	k = (k + 1) % 8;
	snprintf(p[k], sizeof p[k], "%s/%s", tmp, rel);
	return p[k];
}

static void put(const char *rel, const char *text)
{
	FILE *f = fopen(at(rel), "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void dir(const char *rel)
{
	assert_int_equal(mkdir(at(rel), 0755), 0);
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
}

/* A watch on a site with content/ (and content/blog/), site.yml, and
 * themes/t (a tree two levels down). */
static watch_t *site_watch(void)
{
	dir("content");
	dir("content/blog");
	put("site.yml", "title: t\n");
	put("content/a.md", "a\n");
	diag_list_t d = DIAG_LIST_INIT;
	watch_t *w = watch_new(tmp, &d);
	assert_non_null(w);
	assert_int_equal(watch_add(w, "site.yml", false, &d), 0);
	assert_int_equal(watch_add(w, "content", true, &d), 0);
	assert_int_equal(watch_add(w, "data", true, &d), 0);
	assert_int_equal(watch_add(w, "themes/t", true, &d), 0);
	assert_int_equal(d.n, 0);
	diag_free(&d);
	return w;
}

/* Waits (at most 2 s) for one batch. */
static int wait_batch(watch_t *w, watch_batch_t *b)
{
	diag_list_t d = DIAG_LIST_INIT;
	int r = watch_wait(w, -1, 2000, b, &d);
	assert_int_equal(d.n, 0);
	diag_free(&d);
	return r;
}

/* Nothing more comes within 150 ms. */
static void assert_quiet(watch_t *w)
{
	watch_batch_t b = WATCH_BATCH_INIT;
	diag_list_t d = DIAG_LIST_INIT;
	int r = watch_wait(w, -1, 150, &b, &d);
	if (r != 0)
		for (size_t i = 0; i < b.n; i++)
			fprintf(stderr, "unexpected: %s\n", b.paths[i]);
	assert_int_equal(r, 0);
	assert_int_equal(b.n, 0);
	watch_batch_free(&b);
	diag_free(&d);
}

/* ---- tests ---- */

static void test_write_in_place(void **state)
{
	watch_t *w = site_watch();
	watch_batch_t b = WATCH_BATCH_INIT;
	put("content/a.md", "changed\n");
	assert_int_equal(wait_batch(w, &b), 1);
	assert_int_equal(b.n, 1);
	assert_string_equal(b.paths[0], "content/a.md");
	assert_false(b.overflow);
	assert_quiet(w);
	put("content/blog/p.md", "post\n");
	assert_int_equal(wait_batch(w, &b), 1);
	assert_true(watch_batch_has(&b, "content/blog/p.md"));
	watch_batch_free(&b);
	watch_free(w);
}

/* vim, VS Code, Emacs: write a temporary file, rename it over the old. */
static void test_rename_over(void **state)
{
	watch_t *w = site_watch();
	watch_batch_t b = WATCH_BATCH_INIT;
	put("content/.a.md.tmp", "new\n");
	assert_int_equal(rename(at("content/.a.md.tmp"), at("content/a.md")), 0);
	assert_int_equal(wait_batch(w, &b), 1);
	assert_int_equal(b.n, 1);
	assert_string_equal(b.paths[0], "content/a.md");
	/* and the Emacs way: the old file renamed to a backup, a new one written */
	assert_int_equal(rename(at("content/a.md"), at("content/a.md~")), 0);
	put("content/a.md", "newer\n");
	assert_int_equal(wait_batch(w, &b), 1);
	assert_int_equal(b.n, 1);
	assert_string_equal(b.paths[0], "content/a.md");
	watch_batch_free(&b);
	watch_free(w);
}

static void test_delete_and_create(void **state)
{
	watch_t *w = site_watch();
	watch_batch_t b = WATCH_BATCH_INIT;
	assert_int_equal(unlink(at("content/a.md")), 0);
	put("content/a.md", "again\n");
	assert_int_equal(wait_batch(w, &b), 1);
	assert_int_equal(b.n, 1);
	assert_string_equal(b.paths[0], "content/a.md");
	watch_batch_free(&b);
	watch_free(w);
}

static void test_new_folder_then_file(void **state)
{
	watch_t *w = site_watch();
	watch_batch_t b = WATCH_BATCH_INIT;
	size_t before = watch_count(w);
	dir("content/new");
	assert_int_equal(wait_batch(w, &b), 1);
	assert_true(watch_batch_has(&b, "content/new"));
	assert_int_equal(watch_count(w), before + 1);
	put("content/new/x.md", "x\n");
	assert_int_equal(wait_batch(w, &b), 1);
	assert_int_equal(b.n, 1);
	assert_string_equal(b.paths[0], "content/new/x.md");
	/* a folder and its sub-folder made at once: the inner one is found too */
	dir("content/deep");
	dir("content/deep/er");
	assert_int_equal(wait_batch(w, &b), 1);
	put("content/deep/er/y.md", "y\n");
	assert_int_equal(wait_batch(w, &b), 1);
	assert_true(watch_batch_has(&b, "content/deep/er/y.md"));
	watch_batch_free(&b);
	watch_free(w);
}

/* Roots that do not exist yet: data/ and themes/t/ appear later. */
static void test_roots_created_later(void **state)
{
	watch_t *w = site_watch();
	watch_batch_t b = WATCH_BATCH_INIT;
	dir("data");
	assert_int_equal(wait_batch(w, &b), 1);
	assert_true(watch_batch_has(&b, "data"));
	put("data/nav.yml", "- a\n");
	assert_int_equal(wait_batch(w, &b), 1);
	assert_true(watch_batch_has(&b, "data/nav.yml"));
	dir("themes");
	dir("themes/t");
	dir("themes/t/layouts");
	assert_int_equal(wait_batch(w, &b), 1);
	sleep_ms(50);
	put("themes/t/layouts/default.html", "{{ content }}\n");
	assert_int_equal(wait_batch(w, &b), 1);
	assert_true(watch_batch_has(&b, "themes/t/layouts/default.html"));
	/* a file of another theme is not ours */
	dir("themes/other");
	put("themes/other/x.html", "x\n");
	assert_quiet(w);
	watch_batch_free(&b);
	watch_free(w);
}

static void test_ignored_names(void **state)
{
	watch_t *w = site_watch();
	put("content/.a.md.swp", "swap\n");
	put("content/a.md~", "backup\n");
	put("content/#a.md#", "emacs\n");
	put("content/.#a.md", "lock\n");
	put("content/a.md.swx", "swap\n");
	dir("content/.git");
	put("content/.git/HEAD", "x\n");
	/* files beside the watched roots: the output folder, a README */
	dir("_site");
	put("_site/index.html", "x\n");
	put("README.md", "x\n");
	assert_quiet(w);
	watch_batch_t b = WATCH_BATCH_INIT;
	put("site.yml", "title: u\n");
	assert_int_equal(wait_batch(w, &b), 1);
	assert_int_equal(b.n, 1);
	assert_string_equal(b.paths[0], "site.yml");
	watch_batch_free(&b);
	watch_free(w);
}

/* A site whose pages live at its root (a Jekyll site): the base is the
 * tree, paths read "about.md", and the ignored paths -- the output, its
 * staging folders, an excluded folder and glob -- are neither watched nor
 * reported, folders made later included. */
static void test_root_tree_with_ignored(void **state)
{
	dir("_site");
	dir("node_modules");
	dir("node_modules/pkg");
	dir("_posts");
	diag_list_t d = DIAG_LIST_INIT;
	watch_t *w = watch_new(tmp, &d);
	assert_non_null(w);
	watch_ignore(w, "_site");
	watch_ignore(w, "_site.staging-*");
	watch_ignore(w, "node_modules");
	watch_ignore(w, "*.gemspec");
	assert_int_equal(watch_add(w, "", true, &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(watch_count(w), 2); /* the base and _posts */
	put("_site/index.html", "x\n");
	put("node_modules/pkg/index.js", "x\n");
	put("theme.gemspec", "x\n");
	dir("_site.staging-42");
	put("_site.staging-42/index.html", "x\n");
	assert_quiet(w);
	watch_batch_t b = WATCH_BATCH_INIT;
	put("_posts/2020-01-01-a.md", "a\n");
	put("about.md", "b\n");
	assert_int_equal(wait_batch(w, &b), 1);
	assert_int_equal(b.n, 2);
	assert_string_equal(b.paths[0], "_posts/2020-01-01-a.md");
	assert_string_equal(b.paths[1], "about.md");
	watch_batch_free(&b);
	diag_free(&d);
	watch_free(w);
}

/* A folder renamed: its files are reported under the new name, and
 * nothing under the old one. */
static void test_folder_moved(void **state)
{
	watch_t *w = site_watch();
	watch_batch_t b = WATCH_BATCH_INIT;
	assert_int_equal(rename(at("content/blog"), at("content/news")), 0);
	assert_int_equal(wait_batch(w, &b), 1);
	assert_true(watch_batch_has(&b, "content/blog"));
	assert_true(watch_batch_has(&b, "content/news"));
	put("content/news/n.md", "n\n");
	assert_int_equal(wait_batch(w, &b), 1);
	assert_int_equal(b.n, 1);
	assert_string_equal(b.paths[0], "content/news/n.md");
	/* moved out of the watched trees: no longer followed */
	assert_int_equal(rename(at("content/news"), at("outside")), 0);
	assert_int_equal(wait_batch(w, &b), 1);
	put("outside/o.md", "o\n");
	assert_quiet(w);
	watch_batch_free(&b);
	watch_free(w);
}

/* Events queued before the wait all land in one batch. */
static void test_burst_is_one_batch(void **state)
{
	watch_t *w = site_watch();
	watch_batch_t b = WATCH_BATCH_INIT;
	for (int i = 0; i < 20; i++) {
		char name[64];
		snprintf(name, sizeof name, "content/p%d.md", i);
		put(name, "x\n");
		put(name, "y\n");
	}
	assert_int_equal(wait_batch(w, &b), 1);
	assert_int_equal(b.n, 20);
	static const char *const md[] = { ".md", NULL }, *const styles[] = { ".css", ".scss", NULL };
	static const char *const md_or_css[] = { ".css", ".md", NULL };
	assert_true(watch_batch_only(&b, md));
	assert_false(watch_batch_only(&b, styles));
	assert_true(watch_batch_only(&b, md_or_css));
	assert_quiet(w);
	watch_batch_free(&b);
	watch_free(w);
}

typedef struct {
	int files;
	int gap_ms;
} writer_args_t;

static void *writer(void *arg)
{
	const writer_args_t *a = arg;
	for (int i = 0; i < a->files; i++) {
		char name[64];
		snprintf(name, sizeof name, "content/w%d.md", i);
		put(name, "w\n");
		sleep_ms(a->gap_ms);
	}
	return NULL;
}

/* Writes a few ms apart, while waiting: still one batch (the quiet time
 * restarts with every event). */
static void test_debounce_gathers(void **state)
{
	watch_t *w = site_watch();
	watch_batch_t b = WATCH_BATCH_INIT;
	writer_args_t a = { 5, 3 };
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, writer, &a), 0);
	assert_int_equal(wait_batch(w, &b), 1);
	pthread_join(t, NULL);
	assert_int_equal(b.n, 5);
	assert_quiet(w);
	watch_batch_free(&b);
	watch_free(w);
}

/* A stream that never pauses still yields a batch within the bound. */
static void test_debounce_bounded(void **state)
{
	watch_t *w = site_watch();
	watch_batch_t b = WATCH_BATCH_INIT;
	writer_args_t a = { 60, 10 };
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, writer, &a), 0);
	long long t0 = now_ms();
	assert_int_equal(wait_batch(w, &b), 1);
	long long took = now_ms() - t0;
	assert_true(took < 450);  /* WATCH_MAX_MS (250) and scheduling slack, not 600 */
	assert_true(b.n >= 1 && b.n < 60);
	pthread_join(t, NULL);
	watch_batch_free(&b);
	watch_free(w);
}

static void test_stop_fd(void **state)
{
	watch_t *w = site_watch();
	watch_batch_t b = WATCH_BATCH_INIT;
	diag_list_t d = DIAG_LIST_INIT;
	int p[2];
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "x", 1), 1);
	long long t0 = now_ms();
	assert_int_equal(watch_wait(w, p[0], -1, &b, &d), 0);
	assert_true(now_ms() - t0 < 1000);
	close(p[0]);
	close(p[1]);
	watch_batch_free(&b);
	diag_free(&d);
	watch_free(w);
}

/* A batch caps its paths and says it lost some. */
static void test_many_paths_overflow(void **state)
{
	watch_t *w = site_watch();
	watch_batch_t b = WATCH_BATCH_INIT;
	dir("content/many");
	assert_int_equal(wait_batch(w, &b), 1);
	for (int i = 0; i < WATCH_MAX_PATHS + 10; i++) {
		char name[64];
		snprintf(name, sizeof name, "content/many/%d.md", i);
		int fd = open(at(name), O_CREAT | O_WRONLY, 0644);
		assert_true(fd >= 0);
		close(fd);
	}
	assert_int_equal(wait_batch(w, &b), 1);
	assert_true(b.overflow);
	static const char *const md[] = { ".md", NULL };
	assert_false(watch_batch_only(&b, md));
	watch_batch_free(&b);
	watch_free(w);
}

static void test_base_missing(void **state)
{
	diag_list_t d = DIAG_LIST_INIT;
	watch_t *w = watch_new(at("nowhere"), &d);
	assert_non_null(w);
	assert_int_equal(watch_add(w, "content", true, &d), 0);
	assert_int_equal(watch_count(w), 0);
	assert_int_equal(d.n, 0);
	watch_free(w);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_in_place, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_rename_over, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_delete_and_create, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_new_folder_then_file, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_roots_created_later, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_ignored_names, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_root_tree_with_ignored, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_folder_moved, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_burst_is_one_batch, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_debounce_gathers, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_debounce_bounded, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_stop_fd, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_many_paths_overflow, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_base_missing, make_tmp, remove_tmp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
