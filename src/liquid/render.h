/* render.h - walking a parsed template into output (internal to
 * src/liquid; the public entry point is liquid_render). */
#ifndef PNYX_LIQUID_RENDER_H
#define PNYX_LIQUID_RENDER_H

#include "ctx.h"

/* Renders t with a prepared context into c->out. Returns 0, or -1 after
 * an error was reported. */
int liquid_render_body(liquid_ctx_t *c, const liquid_template_t *t);

#endif
