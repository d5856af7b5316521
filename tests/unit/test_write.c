#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "util.h"
#include "write.h"

/* ---- helpers: a temporary folder per test ---- */

static char tmp[64];

static int make_tmp(void **state)
{
	snprintf(tmp, sizeof tmp, "/tmp/pnyx-write-XXXXXX");
	return mkdtemp(tmp) ? 0 : -1;
}

static void rm_rf(const char *path)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s' 2>/dev/null; rm -rf '%s'", path, path);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", path);
}

static int remove_tmp(void **state)
{
	rm_rf(tmp);
	return 0;
}

/* tmp/rel, in a ring of 16 buffers: a test keeps at most that many. */
static const char *at(const char *rel)
{
	static char p[16][512];
	static int k;
	k = (k + 1) % 16;
	snprintf(p[k], sizeof p[k], "%s/%s", tmp, rel);
	return p[k];
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf_t b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(&b, chunk, n);
	fclose(f);
	buf_cstr(&b);
	return buf_detach(&b, NULL);
}

static void expect_file(const char *path, const char *want)
{
	char *got = slurp(path);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* Every entry below dir, sorted, with the content of files: a snapshot to
 * compare byte for byte. */
static void snapshot_into(const char *dir, const char *rel, buf_t *out)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	assert_true(n >= 0);
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
			char path[1024], sub[1024];
			snprintf(path, sizeof path, "%s/%s", dir, name);
			snprintf(sub, sizeof sub, "%s%s", rel, name);
			struct stat st;
			assert_int_equal(lstat(path, &st), 0);
			buf_printf(out, "%s %o\n", sub, (unsigned)st.st_mode);
			if (S_ISDIR(st.st_mode)) {
				strcat(sub, "/");
				snapshot_into(path, sub, out);
			} else {
				char *c = slurp(path);
				buf_puts(out, c);
				free(c);
			}
		}
		free(names[i]);
	}
	free(names);
}

static char *snapshot(const char *dir)
{
	buf_t b = BUF_INIT;
	snapshot_into(dir, "", &b);
	buf_cstr(&b);
	return buf_detach(&b, NULL);
}

/* The names in tmp, sorted, one per line. */
static char *list_tmp(void)
{
	struct dirent **names;
	int n = scandir(tmp, &names, NULL, alphasort);
	buf_t b = BUF_INIT;
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.')
			buf_printf(&b, "%s\n", names[i]->d_name);
		free(names[i]);
	}
	free(names);
	buf_cstr(&b);
	return buf_detach(&b, NULL);
}

static void expect_tmp_holds(const char *want)
{
	char *got = list_tmp();
	assert_string_equal(got, want);
	free(got);
}

static void build(const char *dest, const char *rel, const char *content)
{
	diag_list_t d = DIAG_LIST_INIT;
	writer_t *w = write_begin(dest, NULL, 0, &d);
	assert_non_null(w);
	assert_int_equal(write_file(w, rel, content, strlen(content), &d), 0);
	assert_int_equal(write_commit(w, &d), 0);
	assert_int_equal(d.n, 0);
	diag_free(&d);
}

static bool diag_says(const diag_list_t *d, const char *what)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->items[i].msg, what) || (d->items[i].file && strstr(d->items[i].file, what)))
			return true;
	return false;
}

/* ---- tests ---- */

static void test_commit_creates_then_replaces(void **state)
{
	const char *dest = at("out/site");  /* the parent "out" does not exist yet */
	diag_list_t d = DIAG_LIST_INIT;
	writer_t *w = write_begin(dest, NULL, 0, &d);
	assert_non_null(w);
	assert_int_equal(write_file(w, "index.html", "home", 4, &d), 0);
	assert_int_equal(write_file(w, "blog/2017/03/03/post/index.html", "post", 4, &d), 0);
	assert_int_equal(write_file(w, "empty.txt", "", 0, &d), 0);
	assert_int_equal(write_count(w), 3);
	/* Nothing visible before the commit. */
	assert_int_equal(access(dest, F_OK), -1);
	assert_int_equal(write_commit(w, &d), 0);
	assert_int_equal(d.n, 0);
	expect_file(at("out/site/index.html"), "home");
	expect_file(at("out/site/blog/2017/03/03/post/index.html"), "post");
	expect_file(at("out/site/empty.txt"), "");

	/* A second build replaces the whole tree: old files are gone. */
	w = write_begin(dest, NULL, 0, &d);
	assert_non_null(w);
	assert_int_equal(write_file(w, "new.html", "new", 3, &d), 0);
	assert_int_equal(write_file(w, "index.html", "home 2", 6, &d), 0);
	assert_int_equal(write_commit(w, &d), 0);
	char *snap = snapshot(dest);
	assert_string_equal(snap, "index.html 100644\nhome 2new.html 100644\nnew");
	free(snap);
	/* No staging folder left beside it; the old tree is the spare one,
	 * in the cache folder that Git and backup tools skip. */
	char *names = list_tmp();
	assert_string_equal(names, "out\n");
	free(names);
	snap = snapshot(at("out"));
	assert_string_equal(snap, ".pnyx-cache 40755\n"
			    ".pnyx-cache/.gitignore 100644\n"
			    "# pnyx's cache: nothing here belongs in version control\n*\n"
			    ".pnyx-cache/CACHEDIR.TAG 100644\n"
			    "Signature: 8a477f597d28d172789f06886806bc55\n"
			    "# This folder is a cache made by pnyx: a spare copy of the output\n"
			    "# folder beside it, which the next build updates. Safe to delete.\n"
			    ".pnyx-cache/site.spare 40755\n"
			    ".pnyx-cache/site.spare/blog 40755\n"
			    ".pnyx-cache/site.spare/blog/2017 40755\n"
			    ".pnyx-cache/site.spare/blog/2017/03 40755\n"
			    ".pnyx-cache/site.spare/blog/2017/03/03 40755\n"
			    ".pnyx-cache/site.spare/blog/2017/03/03/post 40755\n"
			    ".pnyx-cache/site.spare/blog/2017/03/03/post/index.html 100644\npost"
			    ".pnyx-cache/site.spare/empty.txt 100644\n"
			    ".pnyx-cache/site.spare/index.html 100644\nhome"
			    "site 40755\nsite/index.html 100644\nhome 2site/new.html 100644\nnew");
	free(snap);
	diag_free(&d);
}

/* While builds are committed one after another, a reader always finds
 * index.html, whole, from one build or the other: the swap is atomic. */
typedef struct {
	const char *path;
	atomic_bool stop;
	long reads, missing, torn;
} reader_t;

static void *reader_loop(void *arg)
{
	reader_t *r = arg;
	while (!atomic_load(&r->stop)) {
		char *c = slurp(r->path);
		r->reads++;
		if (!c)
			r->missing++;
		else if (strcmp(c, "AAAAAAAA") != 0 && strcmp(c, "BBBBBBBB") != 0)
			r->torn++;
		free(c);
	}
	return NULL;
}

static void test_commit_is_atomic_for_readers(void **state)
{
	const char *dest = at("site");
	build(dest, "index.html", "AAAAAAAA");
	reader_t r = { at("site/index.html"), false, 0, 0, 0 };
	char path[512];
	snprintf(path, sizeof path, "%s", r.path);
	r.path = path;
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, reader_loop, &r), 0);
	for (int i = 0; i < 60; i++) {
		diag_list_t d = DIAG_LIST_INIT;
		writer_t *w = write_begin(dest, NULL, 0, &d);
		assert_non_null(w);
		for (int k = 0; k < 20; k++) {
			char rel[64];
			snprintf(rel, sizeof rel, "d%d/f%d.html", k % 4, k);
			assert_int_equal(write_file(w, rel, "x", 1, &d), 0);
		}
		assert_int_equal(write_file(w, "index.html", i % 2 ? "AAAAAAAA" : "BBBBBBBB", 8, &d), 0);
		assert_int_equal(write_commit(w, &d), 0);
		diag_free(&d);
	}
	atomic_store(&r.stop, true);
	pthread_join(t, NULL);
	assert_true(r.reads > 0);
	assert_int_equal(r.missing, 0);
	assert_int_equal(r.torn, 0);
}

static void test_abort_leaves_dest_untouched(void **state)
{
	const char *dest = at("site");
	diag_list_t d = DIAG_LIST_INIT;
	writer_t *w = write_begin(dest, NULL, 0, &d);
	assert_int_equal(write_file(w, "index.html", "one", 3, &d), 0);
	assert_int_equal(write_file(w, "a/b.css", "body{}", 6, &d), 0);
	assert_int_equal(write_commit(w, &d), 0);
	char *before = snapshot(dest);

	w = write_begin(dest, NULL, 0, &d);
	assert_non_null(w);
	assert_int_equal(write_file(w, "index.html", "two", 3, &d), 0);
	assert_int_equal(write_file(w, "a/c.js", "x", 1, &d), 0);
	write_abort(w);
	char *after = snapshot(dest);
	assert_string_equal(after, before);
	expect_tmp_holds("site\n");
	free(before);
	free(after);
	diag_free(&d);
}

/* A build with the list of its paths, from (path, content) pairs; a
 * content starting with "@" copies that file instead. Returns the number
 * of files the spare tree already held. */
static size_t build_listed(const char *dest, const char *const *files, size_t n)
{
	diag_list_t d = DIAG_LIST_INIT;
	const char *paths[16] = { NULL };
	assert_true(n <= 16);
	for (size_t i = 0; i < n; i++)
		paths[i] = files[2 * i];
	writer_t *w = write_begin(dest, paths, n, &d);
	assert_non_null(w);
	for (size_t i = 0; i < n; i++) {
		const char *c = files[2 * i + 1];
		if (c[0] == '@')
			assert_int_equal(write_copy(w, files[2 * i], c + 1, &d), 0);
		else
			assert_int_equal(write_file(w, files[2 * i], c, strlen(c), &d), 0);
	}
	size_t kept = write_kept(w);
	assert_int_equal(write_count(w), n);
	assert_int_equal(write_commit(w, &d), 0);
	assert_int_equal(d.n, 0);
	diag_free(&d);
	return kept;
}

static ino_t inode(const char *path)
{
	struct stat st;
	assert_int_equal(lstat(path, &st), 0);
	return st.st_ino;
}

/* The third build starts from the first one's tree: right files are kept
 * (same inode), changed ones are new files (a reader of the old one still
 * reads it whole), stale ones go, and the result is exactly the list. */
static void test_spare_tree_reused(void **state)
{
	const char *dest = at("site");
	FILE *f = fopen(at("logo.svg"), "w");
	fputs("<svg/>", f);
	fclose(f);
	const char *one[] = { "index.html", "home", "a/b.html", "old b", "stale/x.html", "x",
			      "logo.svg", "@", "feed.xml", "<feed/>" };
	one[7] = xasprintf("@%s", at("logo.svg"));
	assert_int_equal(build_listed(dest, one, 5), 0);
	assert_int_equal(build_listed(dest, one, 5), 0);  /* no spare yet: a fresh tree */
	/* The spare is now the first build's tree. */
	expect_file(at(".pnyx-cache/site.spare/a/b.html"), "old b");
	ino_t kept_ino = inode(at(".pnyx-cache/site.spare/index.html"));
	int reader = open(at(".pnyx-cache/site.spare/a/b.html"), O_RDONLY);
	assert_true(reader >= 0);

	const char *two[] = { "index.html", "home", "a/b.html", "new b!", "c/index.html", "c",
			      "logo.svg", one[7], "feed.xml", "<feed/>" };
	assert_int_equal(build_listed(dest, two, 5), 3);  /* index.html, logo.svg, feed.xml */
	char *snap = snapshot(dest);
	assert_string_equal(snap, "a 40755\na/b.html 100644\nnew b!c 40755\nc/index.html 100644\nc"
			    "feed.xml 100644\n<feed/>index.html 100644\nhomelogo.svg 100644\n<svg/>");
	free(snap);
	assert_true(inode(at("site/index.html")) == kept_ino);
	char got[16] = "";
	assert_int_equal(pread(reader, got, sizeof got - 1, 0), 5);
	assert_string_equal(got, "old b");
	close(reader);
	/* A copy keeps its source's modification time (the quick check). */
	struct stat src, out;
	assert_int_equal(stat(at("logo.svg"), &src), 0);
	assert_int_equal(stat(at("site/logo.svg"), &out), 0);
	assert_int_equal(src.st_mtim.tv_sec, out.st_mtim.tv_sec);
	assert_int_equal(src.st_mtim.tv_nsec, out.st_mtim.tv_nsec);
	/* A copy whose source changed is copied again, even at the same size. */
	f = fopen(at("logo.svg"), "w");
	fputs("<SVG/>", f);
	fclose(f);
	struct timespec later[2] = { { .tv_nsec = UTIME_OMIT }, { src.st_mtim.tv_sec + 5, 0 } };
	assert_int_equal(utimensat(AT_FDCWD, at("logo.svg"), later, 0), 0);
	/* from the second build's tree: index.html and feed.xml are right */
	assert_int_equal(build_listed(dest, two, 5), 2);
	expect_file(at("site/logo.svg"), "<SVG/>");
	/* from the third one's: all but the logo */
	assert_int_equal(build_listed(dest, two, 5), 4);
	expect_file(at("site/logo.svg"), "<SVG/>");
	free((char *)one[7]);
}

/* What the spare tree holds in the way of the new paths: a file where a
 * folder is needed, a folder where a file is, a symbolic link (never
 * followed), another file's content at the right size. */
static void test_spare_tree_in_the_way(void **state)
{
	const char *dest = at("site");
	const char *one[] = { "x", "a file", "y/index.html", "y", "y/deep/z.html", "z",
			      "same.html", "AAAA" };
	assert_int_equal(build_listed(dest, one, 4), 0);
	assert_int_equal(build_listed(dest, one, 4), 0);
	assert_int_equal(symlink("/etc/hostname", at(".pnyx-cache/site.spare/link.html")), 0);
	const char *two[] = { "x/index.html", "x", "y", "now a file", "link.html", "mine",
			      "same.html", "BBBB" };
	assert_int_equal(build_listed(dest, two, 4), 0);
	char *snap = snapshot(dest);
	assert_string_equal(snap, "link.html 100644\nminesame.html 100644\nBBBB"
			    "x 40755\nx/index.html 100644\nxy 100644\nnow a file");
	free(snap);
}

/* A failed build returns the spare tree it took to the cache; a failed
 * first build (fresh staging folder) leaves nothing. */
static void test_spare_tree_after_abort(void **state)
{
	const char *dest = at("site");
	const char *paths[] = { "index.html" };
	diag_list_t d = DIAG_LIST_INIT;
	writer_t *w = write_begin(dest, paths, 1, &d);
	assert_non_null(w);
	write_abort(w);
	assert_int_equal(access(at(".pnyx-cache"), F_OK), -1);
	build(dest, "index.html", "one");
	build(dest, "index.html", "two");
	w = write_begin(dest, paths, 1, &d);
	assert_non_null(w);
	assert_int_equal(access(at(".pnyx-cache/site.spare"), F_OK), -1);  /* taken */
	assert_int_equal(write_file(w, "index.html", "three", 5, &d), 0);
	write_abort(w);
	expect_file(at("site/index.html"), "two");
	expect_file(at(".pnyx-cache/site.spare/index.html"), "three");
	expect_tmp_holds("site\n");
	diag_free(&d);
}

/* write_prune keeps exactly the listed files: not the others, not a link
 * where a file is listed, not the folders left with nothing listed. */
static void test_prune(void **state)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "cd '%s' && mkdir -p out/a/b out/c/d out/e && echo 1 >out/a/b/keep.html && "
		 "echo 2 >out/a/b/drop.html && echo 3 >out/c/d/drop.html && echo 4 >out/index.html && "
		 "ln -s /etc/hostname out/e/link.html && ln -s a out/alias", tmp);
	assert_int_equal(system(cmd), 0);
	const char *paths[] = { "index.html", "e/link.html", "a/b/keep.html", "nowhere/x.html" };
	write_prune(at("out"), paths, 4);
	char *snap = snapshot(at("out"));
	assert_string_equal(snap, "a 40755\na/b 40755\na/b/keep.html 100644\n1\ne 40755\nindex.html 100644\n4\n");
	free(snap);
}

static void test_bad_paths_refused(void **state)
{
	static const char *const bad[] = {
		"", "/etc/passwd", "..", "../x", "a/../../x", "a/..", "a//b", "a/", "./a", "a/./b", ".",
	};
	diag_list_t d = DIAG_LIST_INIT;
	writer_t *w = write_begin(at("site"), NULL, 0, &d);
	assert_non_null(w);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		size_t errs = diag_error_count(&d);
		assert_int_equal(write_file(w, bad[i], "x", 1, &d), -1);
		assert_int_equal(diag_error_count(&d), errs + 1);
		assert_int_equal(write_copy(w, bad[i], "/etc/hostname", &d), -1);
		assert_int_equal(diag_error_count(&d), errs + 2);
	}
	assert_int_equal(write_file(w, NULL, "x", 1, &d), -1);
	assert_true(diag_says(&d, "'a/../../x'"));
	assert_true(diag_says(&d, "absolute path"));
	assert_true(diag_says(&d, "empty path component"));
	/* Names that merely contain dots are fine. */
	assert_int_equal(write_file(w, "..a/b..c/.htaccess", "ok", 2, &d), 0);
	/* A component too long for the file system is an error, not a crash. */
	char longname[400];
	memset(longname, 'n', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	size_t errs = diag_error_count(&d);
	assert_int_equal(write_file(w, longname, "x", 1, &d), -1);
	assert_int_equal(diag_error_count(&d), errs + 1);
	assert_true(diag_says(&d, "File name too long"));
	assert_int_equal(write_count(w), 1);
	assert_int_equal(write_commit(w, &d), 0);
	char *snap = snapshot(at("site"));
	assert_string_equal(snap, "..a 40755\n..a/b..c 40755\n..a/b..c/.htaccess 100644\nok");
	free(snap);
	diag_free(&d);
}

/* A file where a folder is needed: error, and the other files still go. */
static void test_file_in_the_way(void **state)
{
	diag_list_t d = DIAG_LIST_INIT;
	writer_t *w = write_begin(at("site"), NULL, 0, &d);
	assert_int_equal(write_file(w, "a", "file", 4, &d), 0);
	assert_int_equal(write_file(w, "a/b.html", "x", 1, &d), -1);
	assert_true(diag_says(&d, "Not a directory"));
	assert_true(diag_says(&d, "/site/a/b.html"));
	assert_int_equal(write_file(w, "a", "again", 5, &d), 0);  /* rewriting is allowed */
	write_abort(w);
	expect_tmp_holds("");
	diag_free(&d);
}

enum { WRITERS = 4, FILES_EACH = 300 };

typedef struct {
	writer_t *w;
	int id;
	int failures;
} job_t;

static void *write_many(void *arg)
{
	job_t *j = arg;
	diag_list_t d = DIAG_LIST_INIT;
	for (int i = 0; i < FILES_EACH; i++) {
		char rel[128], body[64];
		/* Every thread writes into the same nested folders, new ones
		 * appearing all the time. */
		snprintf(rel, sizeof rel, "blog/%d/%02d/p%d/t%d.html", 2000 + i % 7, i % 12, i / 3, j->id);
		snprintf(body, sizeof body, "%d:%d", j->id, i);
		if (write_file(j->w, rel, body, strlen(body), &d) < 0)
			j->failures++;
	}
	j->failures += (int)d.n;
	diag_free(&d);
	return NULL;
}

static void test_threads_share_folders(void **state)
{
	diag_list_t d = DIAG_LIST_INIT;
	writer_t *w = write_begin(at("site"), NULL, 0, &d);
	job_t jobs[WRITERS];
	pthread_t t[WRITERS];
	for (int i = 0; i < WRITERS; i++) {
		jobs[i] = (job_t){ w, i, 0 };
		assert_int_equal(pthread_create(&t[i], NULL, write_many, &jobs[i]), 0);
	}
	for (int i = 0; i < WRITERS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(jobs[i].failures, 0);
	}
	assert_int_equal(write_count(w), WRITERS * FILES_EACH);
	assert_int_equal(write_commit(w, &d), 0);
	for (int j = 0; j < WRITERS; j++) {
		for (int i = 0; i < FILES_EACH; i += 37) {
			char rel[128], body[64];
			snprintf(rel, sizeof rel, "site/blog/%d/%02d/p%d/t%d.html", 2000 + i % 7, i % 12,
				 i / 3, j);
			snprintf(body, sizeof body, "%d:%d", j, i);
			expect_file(at(rel), body);
		}
	}
	assert_int_equal(d.n, 0);
	diag_free(&d);
}

static pid_t dead_pid(void)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return pid;
}

static void test_stale_staging_cleaned(void **state)
{
	char dead[64], mine[64], live[64], other[64];
	snprintf(dead, sizeof dead, "site.staging-%ld", (long)dead_pid());
	snprintf(mine, sizeof mine, "site.staging-%ld", (long)getpid());
	snprintf(live, sizeof live, "site.staging-1");  /* init: alive, not ours */
	snprintf(other, sizeof other, "sitemap.staging-%ld", (long)dead_pid());
	const char *dirs[] = { dead, mine, live, other };
	for (int i = 0; i < 4; i++) {
		char p[512], cmd[600];
		snprintf(p, sizeof p, "%s/%s/deep/er", tmp, dirs[i]);
		snprintf(cmd, sizeof cmd, "mkdir -p '%s'", p);
		assert_int_equal(system(cmd), 0);
		strcat(p, "/f.html");
		FILE *f = fopen(p, "w");
		fputs("stale", f);
		fclose(f);
	}
	build(at("site"), "index.html", "fresh");
	char want[256];
	snprintf(want, sizeof want, "site\nsite.staging-1\n%s\n", other);
	expect_tmp_holds(want);
	expect_file(at("site/index.html"), "fresh");
	char *snap = snapshot(at("site"));
	assert_string_equal(snap, "index.html 100644\nfresh");
	free(snap);
}

static void test_copy(void **state)
{
	const char *src = at("src.bin");
	FILE *f = fopen(src, "wb");
	for (int i = 0; i < 300000; i++)
		fputc(i * 7 % 251, f);
	fclose(f);
	assert_int_equal(chmod(src, 0755), 0);
	const char *empty = at("empty");
	fclose(fopen(empty, "w"));

	diag_list_t d = DIAG_LIST_INIT;
	writer_t *w = write_begin(at("site"), NULL, 0, &d);
	assert_int_equal(write_copy(w, "static/img/a.bin", src, &d), 0);
	assert_int_equal(write_copy(w, "static/empty", empty, &d), 0);
	/* A file whose size stat does not know: the read/write fallback. */
	assert_int_equal(write_copy(w, "static/version", "/proc/version", &d), 0);
	assert_int_equal(write_copy(w, "x", at("missing"), &d), -1);
	assert_true(diag_says(&d, "No such file or directory"));
	assert_true(diag_says(&d, "/missing"));
	assert_int_equal(write_copy(w, "y", tmp, &d), -1);
	assert_true(diag_says(&d, "not a regular file"));
	assert_int_equal(write_count(w), 3);
	assert_int_equal(write_commit(w, &d), 0);

	char *a = slurp(src), *b = slurp(at("site/static/img/a.bin"));
	assert_memory_equal(a, b, 300000);
	free(a);
	free(b);
	struct stat st;
	assert_int_equal(stat(at("site/static/img/a.bin"), &st), 0);
	assert_int_equal(st.st_size, 300000);
	assert_true(st.st_mode & 0100);
	char *v = slurp(at("site/static/version"));
	assert_true(strncmp(v, "Linux", 5) == 0);
	free(v);
	expect_file(at("site/static/empty"), "");
	diag_free(&d);
}

/* Root ignores file modes; drop the capabilities that let it, for this
 * thread, so that a read-only folder is read-only for the test too. */
static struct __user_cap_data_struct caps_saved[2];

static void drop_dac_override(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct c[2];
	assert_int_equal(syscall(SYS_capget, &h, caps_saved), 0);
	memcpy(c, caps_saved, sizeof c);
	c[0].effective &= ~((1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH));
	assert_int_equal(syscall(SYS_capset, &h, c), 0);
}

static void restore_caps(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	assert_int_equal(syscall(SYS_capset, &h, caps_saved), 0);
}

static void test_read_only_parent(void **state)
{
	assert_int_equal(mkdir(at("ro"), 0755), 0);
	build(at("ro/site"), "index.html", "kept");
	char *before = snapshot(at("ro"));
	assert_int_equal(chmod(at("ro"), 0555), 0);
	drop_dac_override();

	diag_list_t d = DIAG_LIST_INIT;
	writer_t *w = write_begin(at("ro/site"), NULL, 0, &d);
	restore_caps();
	assert_null(w);
	assert_int_equal(diag_error_count(&d), 1);
	assert_true(diag_says(&d, "Permission denied"));
	assert_true(diag_says(&d, "staging"));
	assert_int_equal(chmod(at("ro"), 0755), 0);
	char *after = snapshot(at("ro"));
	assert_string_equal(after, before);
	free(before);
	free(after);
	diag_free(&d);
}

/* A write that fails half way (here EFBIG from RLIMIT_FSIZE, standing in
 * for ENOSPC, which a test cannot cause without a small file system):
 * an error that names the file and the reason, no partial file, and DEST
 * unchanged after the abort. */
static void test_write_error_then_abort(void **state)
{
	build(at("site"), "index.html", "previous");
	char *before = snapshot(at("site"));

	diag_list_t d = DIAG_LIST_INIT;
	writer_t *w = write_begin(at("site"), NULL, 0, &d);
	assert_non_null(w);
	struct rlimit saved, small;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &saved), 0);
	small = saved;
	small.rlim_cur = 4096;
	void (*old)(int) = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	static char big[10000];
	memset(big, 'x', sizeof big);
	int rc = write_file(w, "big/index.html", big, sizeof big, &d);
	setrlimit(RLIMIT_FSIZE, &saved);
	signal(SIGXFSZ, old);
	assert_int_equal(rc, -1);
	assert_true(diag_says(&d, "File too large"));
	assert_true(diag_says(&d, "site/big/index.html"));
	assert_int_equal(write_count(w), 0);
	write_abort(w);

	char *after = snapshot(at("site"));
	assert_string_equal(after, before);
	expect_tmp_holds("site\n");
	free(before);
	free(after);
	diag_free(&d);
}

static void test_dangerous_destinations(void **state)
{
	diag_list_t d = DIAG_LIST_INIT;
	assert_null(write_begin("", NULL, 0, &d));
	assert_null(write_begin(NULL, NULL, 0, &d));
	assert_null(write_begin(".", NULL, 0, &d));
	assert_null(write_begin("/", NULL, 0, &d));
	assert_null(write_begin("a/..", NULL, 0, &d));
	/* A file is not replaced by a folder. */
	fclose(fopen(at("file"), "w"));
	assert_null(write_begin(at("file"), NULL, 0, &d));
	assert_true(diag_says(&d, "not a folder"));
	/* Nor a symbolic link. */
	assert_int_equal(mkdir(at("real"), 0755), 0);
	assert_int_equal(symlink(at("real"), at("link")), 0);
	assert_null(write_begin(at("link"), NULL, 0, &d));
	assert_true(diag_says(&d, "symbolic link"));
	/* Nor the folder we are working in, or one that holds it. */
	char cwd[1024];
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(mkdir(at("work"), 0755), 0);
	assert_int_equal(mkdir(at("work/sub"), 0755), 0);
	assert_int_equal(chdir(at("work/sub")), 0);
	writer_t *w1 = write_begin(at("work"), NULL, 0, &d);
	writer_t *w2 = write_begin("..", NULL, 0, &d);
	writer_t *w3 = write_begin("../sub/", NULL, 0, &d);
	writer_t *w4 = write_begin("out", NULL, 0, &d);  /* below the working folder: fine */
	assert_int_equal(chdir(cwd), 0);
	assert_null(w1);
	assert_null(w2);
	assert_null(w3);
	assert_non_null(w4);
	write_abort(w4);
	assert_int_equal(diag_error_count(&d), 10);
	expect_tmp_holds("file\nlink\nreal\nwork\n");
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_commit_creates_then_replaces, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_commit_is_atomic_for_readers, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_abort_leaves_dest_untouched, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_spare_tree_reused, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_spare_tree_in_the_way, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_spare_tree_after_abort, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_prune, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_bad_paths_refused, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_file_in_the_way, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_threads_share_folders, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_stale_staging_cleaned, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_copy, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_read_only_parent, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_write_error_then_abort, make_tmp, remove_tmp),
		cmocka_unit_test_setup_teardown(test_dangerous_destinations, make_tmp, remove_tmp),
	};
	return cmocka_run_group_tests_name("write", tests, NULL, NULL);
}
