/* filters_stub.c - TEMPORARY stand-in until helper/filters is merged:
 * the built-in filters are registered by src/liquid/filters.c. */
void liquid_filters_register_builtin(void);

void liquid_filters_register_builtin(void)
{
}
