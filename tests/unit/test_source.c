#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "config.h"
#include "diag.h"
#include "source.h"

static char tmp[64];

static void put(const char *rel, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", tmp, rel);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmp, sizeof tmp, "/tmp/pnyx-source-XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	char path[512];
	snprintf(path, sizeof path, "%s/content", tmp);
	return mkdir(path, 0755);
}

static int teardown(void **state)
{
	(void)state;
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

/* Found by the hostile-input catalogue: a page named "bad\xFF.md" put its
 * bytes unchanged into sitemap.xml and search.json, which then were not
 * UTF-8. Such a name is refused with an error naming the file. */
static void test_non_utf8_name_refused(void **state)
{
	(void)state;
	put("content/good name.md", "x\n");
	put("content/bad\xff.md", "x\n");
	arena_t *a = arena_new();
	config_t cfg = { .source = tmp, .content_dir = "content" };
	source_list_t l = { 0 };
	diag_list_t d = DIAG_LIST_INIT;
	assert_int_equal(source_scan(a, &cfg, &l, &d), -1);
	assert_int_equal(diag_error_count(&d), 1);
	assert_string_equal(d.items[0].file, "content/bad\xff.md");
	assert_non_null(strstr(d.items[0].msg, "not valid UTF-8 (byte 0xFF)"));
	/* the good file is still listed, spaces and all */
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].rel, "good name.md");
	source_list_free(&l);
	diag_free(&d);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_non_utf8_name_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
