/* filters.h - the standard Liquid filters and Jekyll's, as plain C functions.
 *
 * Semantics follow Ruby Liquid 5 (type coercions, nil handling, errors) and
 * Jekyll 4's filters; where both define a filter (where, sort) the result is
 * the superset: Shopify's forms keep Shopify's results, Jekyll's extra
 * arguments and dotted properties work as in Jekyll. */
#ifndef PNYX_LIQUID_FILTERS_H
#define PNYX_LIQUID_FILTERS_H

/* Registers every built-in filter through liquid_register_filter. Call it
 * once before any render thread starts (liquid_init does). */
void liquid_filters_register_builtin(void);

#endif
