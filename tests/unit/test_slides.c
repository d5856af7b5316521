#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "slides.h"
#include "util.h"

/* Splits s (a C string) and checks that slides_count agrees. */
static slide_list_t split_n(arena_t *a, const char *s, size_t n)
{
	slide_list_t l = { 0 };
	slides_split(a, str_from(s, n), &l);
	assert_int_equal(l.n, slides_count(str_from(s, n)));
	assert_true(l.n >= 1);
	return l;
}

static slide_list_t split(arena_t *a, const char *s)
{
	return split_n(a, s, strlen(s));
}

static void expect_str(str_t got, const char *want)
{
	size_t n = strlen(want);
	if (got.n != n || memcmp(got.p, want, n) != 0)
		fail_msg("got \"%.*s\", want \"%s\"", (int)got.n, got.p, want);
	/* split hands out NUL-terminated copies */
	assert_int_equal(got.p[got.n], '\0');
}

static void test_splits_at_separator_lines(void **state)
{
	arena_t *a = arena_new();
	slide_list_t l = split(a, "# One\n\ntext\n---\n# Two\n---\n# Three\n");
	assert_int_equal(l.n, 3);
	expect_str(l.items[0].body, "# One\n\ntext");
	expect_str(l.items[1].body, "# Two");
	expect_str(l.items[2].body, "# Three");
	assert_int_equal(l.items[0].line, 1);
	assert_int_equal(l.items[1].line, 5);
	assert_int_equal(l.items[2].line, 7);
	for (size_t i = 0; i < l.n; i++) {
		expect_str(l.items[i].notes, "");
		assert_string_equal(l.items[i].cls, "");
	}
	arena_free(a);
}

static void test_only_exact_separators_split(void **state)
{
	arena_t *a = arena_new();
	/* trailing blanks are fine; ----, - - -, indented --- and --- text are not separators */
	slide_list_t l = split(a, "a\n--- \t\nb\n----\nc\n - - -\n ---\n--- x\n***\n");
	assert_int_equal(l.n, 2);
	expect_str(l.items[1].body, "b\n----\nc\n - - -\n ---\n--- x\n***");
	arena_free(a);
}

static void test_empty_parts_are_kept(void **state)
{
	arena_t *a = arena_new();
	slide_list_t l = split(a, "---\n---\na\n---\n\n \n---\n");
	assert_int_equal(l.n, 5);
	expect_str(l.items[0].body, "");
	expect_str(l.items[1].body, "");
	expect_str(l.items[2].body, "a");
	expect_str(l.items[3].body, "");
	expect_str(l.items[4].body, "");
	assert_int_equal(l.items[4].line, 8);
	l = split(a, "");
	assert_int_equal(l.n, 1);
	expect_str(l.items[0].body, "");
	assert_int_equal(l.items[0].line, 1);
	arena_free(a);
}

static void test_fenced_code_never_splits(void **state)
{
	arena_t *a = arena_new();
	slide_list_t l = split(a,
		"```yaml\n---\ntitle: x\n---\n```\n---\n"
		"~~~~\n---\n~~~\n---\n~~~~\n---\n"
		"  ```\n---\n  ```\nafter");
	assert_int_equal(l.n, 3);
	expect_str(l.items[0].body, "```yaml\n---\ntitle: x\n---\n```");
	/* ~~~ is shorter than the opening ~~~~: the fence goes on */
	expect_str(l.items[1].body, "~~~~\n---\n~~~\n---\n~~~~");
	/* indented fences (in list items) count too */
	expect_str(l.items[2].body, "  ```\n---\n  ```\nafter");
	/* ``` with a closing backtick on the line is inline code, not a fence */
	l = split(a, "```x```\n---\nb");
	assert_int_equal(l.n, 2);
	/* a backtick run does not close a tilde fence */
	l = split(a, "~~~\n```\n---\n~~~\n---\nb");
	assert_int_equal(l.n, 2);
	/* a closing fence with text after it does not close */
	l = split(a, "```\n``` no\n---\n```\n---\nb");
	assert_int_equal(l.n, 2);
	arena_free(a);
}

static void test_unterminated_fence_runs_to_the_end(void **state)
{
	arena_t *a = arena_new();
	slide_list_t l = split(a, "a\n---\n```\ncode\n---\nmore\n---\n");
	assert_int_equal(l.n, 2);
	expect_str(l.items[1].body, "```\ncode\n---\nmore\n---");
	arena_free(a);
}

static void test_class_comments(void **state)
{
	arena_t *a = arena_new();
	slide_list_t l = split(a,
		"<!-- class: title -->\n# Hello\n---\n"
		"  <!--class:pause  big -->\ntext\n<!-- CLASS: x -->\n---\n"
		"<!-- class: ok bad\"x <b> also-ok_1 été -->\n");
	assert_int_equal(l.n, 3);
	assert_string_equal(l.items[0].cls, "title");
	expect_str(l.items[0].body, "# Hello");
	assert_string_equal(l.items[1].cls, "pause big x");
	expect_str(l.items[1].body, "text");
	/* only names safe in an attribute are kept */
	assert_string_equal(l.items[2].cls, "ok also-ok_1 été");
	expect_str(l.items[2].body, "");
	arena_free(a);
}

static void test_other_comments_stay(void **state)
{
	arena_t *a = arena_new();
	slide_list_t l = split(a, "<!-- a comment -->\n<!-- classy: no -->\ntext <!-- notes: inline -->\n");
	assert_int_equal(l.n, 1);
	expect_str(l.items[0].body, "<!-- a comment -->\n<!-- classy: no -->\ntext <!-- notes: inline -->");
	expect_str(l.items[0].notes, "");
	arena_free(a);
}

static void test_notes_comments(void **state)
{
	arena_t *a = arena_new();
	slide_list_t l = split(a,
		"# T\n<!-- notes: Say hello. -->\nbody\n<!-- notes:\n  First line\n  second line\n-->\nend\n");
	assert_int_equal(l.n, 1);
	expect_str(l.items[0].body, "# T\nbody\nend");
	expect_str(l.items[0].notes, "Say hello.\n\nFirst line\n  second line");
	/* text after --> on the closing line stays in the body */
	l = split(a, "<!-- notes: a\nb --> kept\n");
	expect_str(l.items[0].notes, "a\nb");
	expect_str(l.items[0].body, " kept");
	arena_free(a);
}

static void test_notes_line(void **state)
{
	arena_t *a = arena_new();
	slide_list_t l = split(a,
		"# A\n\nNotes:\nRemember **this**.\n\n- point\n---\n"
		"# B\nNotes: inline start\nmore\n---\n"
		"# C\nnotes : à la française\n---\n"
		"# D\nNotes\xC2\xA0: insécable\n---\n"
		"Notes are good\nNotesx: no\n");
	assert_int_equal(l.n, 5);
	expect_str(l.items[0].body, "# A");
	expect_str(l.items[0].notes, "Remember **this**.\n\n- point");
	expect_str(l.items[1].body, "# B");
	expect_str(l.items[1].notes, "inline start\nmore");
	expect_str(l.items[2].notes, "à la française");
	expect_str(l.items[3].notes, "insécable");
	expect_str(l.items[4].body, "Notes are good\nNotesx: no");
	expect_str(l.items[4].notes, "");
	arena_free(a);
}

static void test_notes_mix_in_source_order(void **state)
{
	arena_t *a = arena_new();
	slide_list_t l = split(a,
		"<!-- notes: one -->\nbody\nNotes: two\n<!-- notes: three -->\n<!-- class: late -->\n"
		"```\nNotes: in code\n---\n```\n");
	assert_int_equal(l.n, 1);
	expect_str(l.items[0].body, "body");
	expect_str(l.items[0].notes, "one\n\ntwo\n\nthree\n```\nNotes: in code\n---\n```");
	assert_string_equal(l.items[0].cls, "late");
	/* a Notes: line inside fenced code in the body is code */
	l = split(a, "```\nNotes: x\n```\n");
	expect_str(l.items[0].notes, "");
	expect_str(l.items[0].body, "```\nNotes: x\n```");
	arena_free(a);
}

static void test_unterminated_comment_ends_at_separator(void **state)
{
	arena_t *a = arena_new();
	slide_list_t l = split(a, "<!-- notes: never closed\n```\nstill notes\n---\nnext\n---\n<!-- class: x y\n");
	assert_int_equal(l.n, 3);
	expect_str(l.items[0].notes, "never closed\n```\nstill notes");
	expect_str(l.items[0].body, "");
	/* the ``` inside the comment opened no fence */
	expect_str(l.items[1].body, "next");
	assert_string_equal(l.items[2].cls, "x y");
	arena_free(a);
}

static void test_crlf_and_cr(void **state)
{
	arena_t *a = arena_new();
	slide_list_t l = split(a, "<!-- class: t -->\r\n# A\r\nNotes:\r\nn\r\n---\r\n# B\r\n---  \r\n```\r\n---\r\n```\r\n");
	assert_int_equal(l.n, 3);
	assert_string_equal(l.items[0].cls, "t");
	expect_str(l.items[0].body, "# A");
	expect_str(l.items[0].notes, "n");
	expect_str(l.items[1].body, "# B");
	expect_str(l.items[2].body, "```\r\n---\r\n```");
	assert_int_equal(l.items[1].line, 6);
	/* old Mac line endings */
	l = split(a, "a\r---\rb\r");
	assert_int_equal(l.n, 2);
	expect_str(l.items[1].body, "b");
	assert_int_equal(l.items[1].line, 3);
	arena_free(a);
}

static void test_separators_only(void **state)
{
	arena_t *a = arena_new();
	char *s = xmalloc(4000 * 4);
	for (int i = 0; i < 4000; i++)
		memcpy(s + i * 4, "---\n", 4);
	slide_list_t l = split_n(a, s, 4000 * 4);
	assert_int_equal(l.n, 4001);
	for (size_t i = 0; i < l.n; i++)
		expect_str(l.items[i].body, "");
	assert_int_equal(l.items[4000].line, 4001);
	/* without a final newline */
	l = split_n(a, s, 4000 * 4 - 1);
	assert_int_equal(l.n, 4001);
	l = split(a, "---");
	assert_int_equal(l.n, 2);
	free(s);
	arena_free(a);
}

static void test_nul_bytes_and_truncation(void **state)
{
	arena_t *a = arena_new();
	static const char src[] = "a\0b\n---\n<!-- class: x\0y z -->\n\0\n---";
	slide_list_t l = split_n(a, src, sizeof src - 1);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.items[0].body.n, 3);
	assert_memory_equal(l.items[0].body.p, "a\0b", 3);
	assert_string_equal(l.items[1].cls, "z");
	assert_int_equal(l.items[1].body.n, 1);
	/* every prefix: a slice ends where it ends (ASan checks the reads) */
	static const char deck[] = "<!-- class: t -->\n# A\nNotes: x\n---\n```\n---\n```\n<!-- notes: y -->\n---\nz";
	for (size_t n = 0; n <= sizeof deck - 1; n++) {
		char *copy = xmalloc(n ? n : 1);
		memcpy(copy, deck, n);
		split_n(a, copy, n);
		free(copy);
	}
	arena_free(a);
}

static void test_megabyte_line(void **state)
{
	arena_t *a = arena_new();
	size_t n = 1 << 20;
	char *s = xmalloc(n + 64);
	memset(s, 'x', n);
	memcpy(s + n, "\n---\n<!-- notes: ", 17);
	memset(s, '-', 3);  /* starts with --- but is not a separator */
	slide_list_t l = split_n(a, s, n + 17);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.items[0].body.n, n);
	/* a megabyte comment with no end */
	memcpy(s, "<!-- notes: ", 12);
	l = split_n(a, s, n);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.items[0].notes.n, n - 12);
	/* a megabyte fence run */
	memset(s, '`', n);
	l = split_n(a, s, n);
	assert_int_equal(l.n, 1);
	free(s);
	arena_free(a);
}

/* Random decks made of the pieces that matter: count and split agree, and
 * every body/notes byte comes from the source (nothing is invented). */
static void test_count_matches_split_on_random_input(void **state)
{
	static const char *pieces[] = {
		"---", "--- ", "----", "```", "```x", "~~~", "~~~~", "`", "<!--", "<!-- class: a",
		"<!-- notes: n", "-->", "Notes:", "notes :", "text", " ", "\n", "\r", "\r\n", "\0",
		"\xC2\xA0", "\xFF",
	};
	uint32_t seed = 12345;
	arena_t *a = arena_new();
	char buf[512];
	for (int round = 0; round < 20000; round++) {
		size_t n = 0;
		seed = seed * 1103515245u + 12345u;
		int pieces_n = (int)((seed >> 16) % 40);
		for (int k = 0; k < pieces_n; k++) {
			seed = seed * 1103515245u + 12345u;
			const char *p = pieces[(seed >> 16) % ARRAY_LEN(pieces)];
			size_t pn = p[0] ? strlen(p) : 1;
			if (n + pn > sizeof buf)
				break;
			memcpy(buf + n, p, pn);
			n += pn;
			if ((seed >> 8) % 3 == 0 && n < sizeof buf)
				buf[n++] = '\n';
		}
		char *copy = xmalloc(n ? n : 1);
		memcpy(copy, buf, n);
		slide_list_t l = split_n(a, copy, n);
		size_t total = 0;
		for (size_t i = 0; i < l.n; i++) {
			total += l.items[i].body.n + l.items[i].notes.n;
			if (i > 0)
				assert_true(l.items[i].line >= l.items[i - 1].line);
		}
		assert_true(total <= n);
		free(copy);
		arena_reset(a);
	}
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_splits_at_separator_lines),
		cmocka_unit_test(test_only_exact_separators_split),
		cmocka_unit_test(test_empty_parts_are_kept),
		cmocka_unit_test(test_fenced_code_never_splits),
		cmocka_unit_test(test_unterminated_fence_runs_to_the_end),
		cmocka_unit_test(test_class_comments),
		cmocka_unit_test(test_other_comments_stay),
		cmocka_unit_test(test_notes_comments),
		cmocka_unit_test(test_notes_line),
		cmocka_unit_test(test_notes_mix_in_source_order),
		cmocka_unit_test(test_unterminated_comment_ends_at_separator),
		cmocka_unit_test(test_crlf_and_cr),
		cmocka_unit_test(test_separators_only),
		cmocka_unit_test(test_nul_bytes_and_truncation),
		cmocka_unit_test(test_megabyte_line),
		cmocka_unit_test(test_count_matches_split_on_random_input),
	};
	return cmocka_run_group_tests_name("slides", tests, NULL, NULL);
}
