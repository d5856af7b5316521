/* cmd.h - the subcommands main dispatches to. Each returns the exit
 * status: 0 success, 1 a content error, 2 bad usage. */
#ifndef PNYX_CMD_H
#define PNYX_CMD_H

#include <stdbool.h>

int cmd_build(int argc, char **argv);
int cmd_slides(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_new(int argc, char **argv);
int cmd_check(int argc, char **argv);

/* True when diagnostics may be coloured: stderr is a terminal and NO_COLOR is unset. */
bool cmd_color(void);

/* Parses the decimal number s of option what (say "-j") of subcommand cmd
 * into *out when it lies in [lo, hi]; otherwise prints why and returns -1.
 * One parser so that every subcommand takes and refuses the same numbers. */
int cmd_number(const char *cmd, const char *what, const char *s, long lo, long hi, long *out);

#endif
