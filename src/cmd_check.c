/* cmd_check.c - `pnyx check`: build in memory, report what a reader or a
 * crawler would trip over. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "build.h"
#include "cmd.h"

static const char check_usage[] =
	"usage: pnyx check [-s SRC] [--baseurl PATH] [--external] [-j N]\n"
	"  builds the site in memory (nothing is written) and reports broken internal\n"
	"  links and #anchors, images without alt, pages without lang, pages missing\n"
	"  in a locale, URLs differing only by case; --external also tries http(s)\n"
	"  links (in parallel, with a timeout). Exit 1 when an error is found.\n";

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "baseurl", required_argument, NULL, 'b' },
		{ "external", no_argument, NULL, 'e' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	build_opts_t o = { 0 };
	bool external = false;
	int c;
	long n;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:j:h", opts, NULL)) != -1) {
		switch (c) {
		case 's': o.config.source = optarg; break;
		case 'b': o.config.baseurl = optarg; break;
		case 'e': external = true; break;
		case 'j':
			if (cmd_number("check", "-j", optarg, 1, 256, &n) != 0)
				return 2;
			o.threads = (int)n;
			break;
		case 'h': fputs(check_usage, stdout); return 0;
		default: fputs(check_usage, stderr); return 2;
		}
	}
	if (optind < argc) {
		fputs(check_usage, stderr);
		return 2;
	}
	diag_list_t d = DIAG_LIST_INIT;
	size_t errors = build_check(&o, external, &d);
	diag_print(&d, stderr, cmd_color());
	size_t warnings = d.n - diag_error_count(&d);
	if (errors)
		fprintf(stderr, "pnyx check: %zu error%s, %zu warning%s\n", errors, errors == 1 ? "" : "s",
			warnings, warnings == 1 ? "" : "s");
	else
		fprintf(stderr, "pnyx check: no error, %zu warning%s\n", warnings, warnings == 1 ? "" : "s");
	diag_free(&d);
	return errors ? 1 : 0;
}
