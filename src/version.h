/* version.h - the one place pnyx's version is written. */
#ifndef PNYX_VERSION_H
#define PNYX_VERSION_H

#define PNYX_VERSION "0.1.0"

#endif
