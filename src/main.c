/* main.c - command line: a table of subcommands. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		puts("pnyx 0.1.0");
		return 0;
	}
	fputs("usage: pnyx build|serve|check|new ...\n", stderr);
	return 2;
}
