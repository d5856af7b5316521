/* cmd_build.c - `pnyx build`. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "cmd.h"

static const char build_usage[] =
	"usage: pnyx build [-s SRC] [-d DEST] [-j N] [--baseurl PATH] [--config A.yml,B.yml] [--drafts] [--future] [-q]\n"
	"  -s, --source SRC    the site folder (default: .)\n"
	"  -d, --destination DEST  the output folder (default: SRC/_site)\n"
	"  -j, --jobs N        threads (default: one per core)\n"
	"      --baseurl PATH  serve the site under PATH (e.g. /repo for GitHub project pages)\n"
	"      --config FILES  configuration files, comma-separated, later ones win (Jekyll's option)\n"
	"      --drafts        include drafts\n"
	"      --future        include posts dated in the future\n"
	"  -q, --quiet         no summary line\n";

bool cmd_color(void)
{
	const char *nc = getenv("NO_COLOR");
	return isatty(2) && !(nc && *nc);
}

int cmd_number(const char *cmd, const char *what, const char *s, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long n = strtol(s, &end, 10);
	if (!*s || *end || errno || n < lo || n > hi) {
		fprintf(stderr, "pnyx %s: %s wants a number from %ld to %ld, not '%s'\n", cmd, what, lo, hi, s);
		return -1;
	}
	*out = n;
	return 0;
}

/* Parses the options into o; returns -1 on bad usage (message printed). */
static int parse_build_args(int argc, char **argv, build_opts_t *o, bool *quiet)
{
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "destination", required_argument, NULL, 'd' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "baseurl", required_argument, NULL, 'b' },
		{ "config", required_argument, NULL, 'c' },
		{ "drafts", no_argument, NULL, 'D' },
		{ "future", no_argument, NULL, 'F' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	long n;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:d:j:qh", opts, NULL)) != -1) {
		switch (c) {
		case 's': o->config.source = optarg; break;
		case 'd': o->dest = optarg; break;
		case 'b': o->config.baseurl = optarg; break;
		case 'c': o->config.config_files = optarg; break;
		case 'D': o->config.drafts = true; break;
		case 'F': o->config.future = true; break;
		case 'q': *quiet = true; break;
		case 'j':
			if (cmd_number("build", "-j", optarg, 1, 256, &n) != 0)
				return -1;
			o->threads = (int)n;
			break;
		case 'h': fputs(build_usage, stdout); exit(0);
		default: fputs(build_usage, stderr); return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "pnyx build: unexpected argument '%s'\n%s", argv[optind], build_usage);
		return -1;
	}
	return 0;
}

int cmd_build(int argc, char **argv)
{
	build_opts_t o = { 0 };
	bool quiet = false;
	if (parse_build_args(argc, argv, &o, &quiet) != 0)
		return 2;
	diag_list_t d = DIAG_LIST_INIT;
	build_stats_t st = { 0 };
	int rc = build_run(&o, &d, &st);
	bool color = cmd_color();
	diag_print(&d, stderr, color);
	if (rc != 0) {
		fprintf(stderr, "pnyx: build failed with %zu error%s; the output folder was left as it was\n",
			diag_error_count(&d), diag_error_count(&d) == 1 ? "" : "s");
	} else if (!quiet) {
		fprintf(stderr, "built %zu pages and copied %zu files in %.2f s\n", st.pages, st.copies,
			st.seconds);
	}
	diag_free(&d);
	return rc == 0 ? 0 : 1;
}
