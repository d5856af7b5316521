/* main.c - the command line: a table of subcommands. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"

#include "version.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "build", cmd_build, "build the site into _site/" },
	{ "serve", cmd_serve, "build, serve on http://127.0.0.1:4000/, rebuild and reload on change" },
	{ "check", cmd_check, "build in memory and report broken links, anchors, alt text, lang" },
	{ "new", cmd_new, "a new post, page or slide deck with its front matter" },
	{ "slides", cmd_slides, "print a slide deck to PDF" },
};

static void usage(FILE *f)
{
	fputs("usage: pnyx COMMAND [options]\n\ncommands:\n", f);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fputs("\n  pnyx COMMAND --help    options of a command\n  pnyx --version\n", f);
}

int main(int argc, char **argv)
{
	/* Past the file size limit (ulimit -f) a write must fail with EFBIG,
	 * which the writer reports, instead of killing pnyx half way. */
	signal(SIGXFSZ, SIG_IGN);
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("pnyx %s\n", PNYX_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "pnyx: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
