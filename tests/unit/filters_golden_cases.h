/* Generated from the golden-liquid suite: cases tagged "<name> filter"
 * whose template is one output of literals and data variables. */
static const golden_case_t golden_cases[] = {
	{ "output, dump an array from the global context", { GV_JSON, "[\"sports\", \"garden\"]" }, 1, {
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "sports#garden", NULL },
	{ "output, render a default given a literal false", { GV_JSON, "false" }, 1, {
		{ "default", 1, { { GV_STR, "bar" } }, NULL, { 0, NULL } },
	}, "bar", NULL },
	{ "output, render a default given a literal false with 'allow false' equal to false", { GV_JSON, "false" }, 1, {
		{ "default", 1, { { GV_STR, "bar" } }, "allow_false", { GV_JSON, "false" } },
	}, "bar", NULL },
	{ "output, render a default given a literal false with 'allow false' equal to true", { GV_JSON, "false" }, 1, {
		{ "default", 1, { { GV_STR, "bar" } }, "allow_false", { GV_JSON, "true" } },
	}, "false", NULL },
	{ "output, render a global variable with a filter", { GV_JSON, "\"foo\"" }, 1, {
		{ "upcase", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "FOO", NULL },
	{ "output, unexpected left value for the `join` filter passes through", { GV_JSON, "12" }, 1, {
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "12", NULL },
	{ "filters, abs, negative float", { GV_JSON, "-5.4" }, 1, {
		{ "abs", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5.4", NULL },
	{ "filters, abs, negative integer", { GV_JSON, "-5" }, 1, {
		{ "abs", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, abs, negative string float", { GV_STR, "-5.1" }, 1, {
		{ "abs", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5.1", NULL },
	{ "filters, abs, negative string integer", { GV_STR, "-5" }, 1, {
		{ "abs", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, abs, not a string, int or float", { GV_JSON, "{}" }, 1, {
		{ "abs", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, abs, positive float", { GV_JSON, "5.4" }, 1, {
		{ "abs", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5.4", NULL },
	{ "filters, abs, positive integer", { GV_JSON, "5" }, 1, {
		{ "abs", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, abs, positive string float", { GV_STR, "5.1" }, 1, {
		{ "abs", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5.1", NULL },
	{ "filters, abs, positive string integer", { GV_STR, "5" }, 1, {
		{ "abs", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, abs, string not a number", { GV_STR, "hello" }, 1, {
		{ "abs", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, abs, undefined left value", { GV_NIL, NULL }, 1, {
		{ "abs", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, abs, unexpected argument", { GV_JSON, "-3" }, 1, {
		{ "abs", 1, { { GV_JSON, "1" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, abs, zero", { GV_JSON, "0" }, 1, {
		{ "abs", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, append, argument not a string", { GV_STR, "hello" }, 1, {
		{ "append", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, "hello5", NULL },
	{ "filters, append, concat", { GV_STR, "hello" }, 1, {
		{ "append", 1, { { GV_STR, "there" } }, NULL, { 0, NULL } },
	}, "hellothere", NULL },
	{ "filters, append, missing argument", { GV_STR, "hello" }, 1, {
		{ "append", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, append, not a string", { GV_JSON, "5" }, 1, {
		{ "append", 1, { { GV_STR, "there" } }, NULL, { 0, NULL } },
	}, "5there", NULL },
	{ "filters, append, too many arguments", { GV_STR, "hello" }, 1, {
		{ "append", 3, { { GV_STR, "how" }, { GV_STR, "are" }, { GV_STR, "you" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, append, undefined argument", { GV_STR, "hi" }, 1, {
		{ "append", 1, { { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "hi", NULL },
	{ "filters, append, undefined left value", { GV_NIL, NULL }, 1, {
		{ "append", 1, { { GV_STR, "hi" } }, NULL, { 0, NULL } },
	}, "hi", NULL },
	{ "filters, at least, argument string not a number", { GV_JSON, "-1" }, 1, {
		{ "at_least", 1, { { GV_STR, "abc" } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, at least, left value not a number", { GV_STR, "abc" }, 1, {
		{ "at_least", 1, { { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, "2", NULL },
	{ "filters, at least, left value not a number negative argument", { GV_STR, "abc" }, 1, {
		{ "at_least", 1, { { GV_JSON, "-2" } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, at least, missing arg", { GV_JSON, "5" }, 1, {
		{ "at_least", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, at least, negative integer < arg", { GV_JSON, "-8" }, 1, {
		{ "at_least", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, at least, positive float < arg", { GV_JSON, "5.4" }, 1, {
		{ "at_least", 1, { { GV_JSON, "8.9" } }, NULL, { 0, NULL } },
	}, "8.9", NULL },
	{ "filters, at least, positive float > arg", { GV_JSON, "8.4" }, 1, {
		{ "at_least", 1, { { GV_JSON, "5.9" } }, NULL, { 0, NULL } },
	}, "8.4", NULL },
	{ "filters, at least, positive integer < arg", { GV_JSON, "5" }, 1, {
		{ "at_least", 1, { { GV_JSON, "8" } }, NULL, { 0, NULL } },
	}, "8", NULL },
	{ "filters, at least, positive integer == arg", { GV_JSON, "5" }, 1, {
		{ "at_least", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, at least, positive integer > arg", { GV_JSON, "8" }, 1, {
		{ "at_least", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, "8", NULL },
	{ "filters, at least, positive string > arg", { GV_STR, "9" }, 1, {
		{ "at_least", 1, { { GV_JSON, "8" } }, NULL, { 0, NULL } },
	}, "9", NULL },
	{ "filters, at least, too many args", { GV_JSON, "5" }, 1, {
		{ "at_least", 2, { { GV_JSON, "1" }, { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, at least, undefined argument", { GV_JSON, "5" }, 1, {
		{ "at_least", 1, { { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, at least, undefined left value", { GV_NIL, NULL }, 1, {
		{ "at_least", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, at most, left value not a number", { GV_STR, "abc" }, 1, {
		{ "at_most", 1, { { GV_JSON, "-2" } }, NULL, { 0, NULL } },
	}, "-2", NULL },
	{ "filters, at most, missing arg", { GV_JSON, "5" }, 1, {
		{ "at_most", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, at most, negative integer < arg", { GV_JSON, "-8" }, 1, {
		{ "at_most", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, "-8", NULL },
	{ "filters, at most, positive float < arg", { GV_JSON, "5.4" }, 1, {
		{ "at_most", 1, { { GV_JSON, "8.9" } }, NULL, { 0, NULL } },
	}, "5.4", NULL },
	{ "filters, at most, positive float > arg", { GV_JSON, "8.4" }, 1, {
		{ "at_most", 1, { { GV_JSON, "5.9" } }, NULL, { 0, NULL } },
	}, "5.9", NULL },
	{ "filters, at most, positive integer < arg", { GV_JSON, "5" }, 1, {
		{ "at_most", 1, { { GV_JSON, "8" } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, at most, positive integer == arg", { GV_JSON, "5" }, 1, {
		{ "at_most", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, at most, positive integer > arg", { GV_JSON, "8" }, 1, {
		{ "at_most", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, at most, positive string > arg", { GV_STR, "9" }, 1, {
		{ "at_most", 1, { { GV_JSON, "8" } }, NULL, { 0, NULL } },
	}, "8", NULL },
	{ "filters, at most, too many args", { GV_JSON, "5" }, 1, {
		{ "at_most", 2, { { GV_JSON, "1" }, { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, at most, undefined argument", { GV_JSON, "5" }, 1, {
		{ "at_most", 1, { { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, at most, undefined left value", { GV_NIL, NULL }, 1, {
		{ "at_most", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, base64 decode, from string", { GV_STR, "XyMvLg==" }, 1, {
		{ "base64_decode", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "_#/.", NULL },
	{ "filters, base64 decode, from string with URL unsafe", { GV_JSON, "\"YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXogQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVogMTIzNDU2Nzg5MCAhQCMkJV4mKigpLT1fKy8/Ljo7W117fVx8\"" }, 1, {
		{ "base64_decode", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 !@#$%^&*()-=_+/?.:;[]{}\\|", NULL },
	{ "filters, base64 decode, not a string", { GV_JSON, "5" }, 1, {
		{ "base64_decode", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, base64 decode, undefined left value", { GV_NIL, NULL }, 1, {
		{ "base64_decode", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, base64 decode, unexpected argument", { GV_STR, "hello" }, 1, {
		{ "base64_decode", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, base64 encode, from string", { GV_STR, "_#/." }, 1, {
		{ "base64_encode", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "XyMvLg==", NULL },
	{ "filters, base64 encode, from string with URL unsafe", { GV_JSON, "\"abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 !@#$%^&*()-=_+/?.:;[]{}\\\\|\"" }, 1, {
		{ "base64_encode", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXogQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVogMTIzNDU2Nzg5MCAhQCMkJV4mKigpLT1fKy8/Ljo7W117fVx8", NULL },
	{ "filters, base64 encode, not a string", { GV_JSON, "5" }, 1, {
		{ "base64_encode", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "NQ==", NULL },
	{ "filters, base64 encode, undefined left value", { GV_NIL, NULL }, 1, {
		{ "base64_encode", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, base64 encode, unexpected argument", { GV_STR, "hello" }, 1, {
		{ "base64_encode", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, base64 url safe decode, from string", { GV_STR, "XyMvLg==" }, 1, {
		{ "base64_url_safe_decode", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "_#/.", NULL },
	{ "filters, base64 url safe decode, from string with URL unsafe", { GV_JSON, "\"YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXogQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVogMTIzNDU2Nzg5MCAhQCMkJV4mKigpLT1fKy8_Ljo7W117fVx8\"" }, 1, {
		{ "base64_url_safe_decode", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 !@#$%^&*()-=_+/?.:;[]{}\\|", NULL },
	{ "filters, base64 url safe decode, not a string", { GV_JSON, "5" }, 1, {
		{ "base64_url_safe_decode", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, base64 url safe decode, undefined left value", { GV_NIL, NULL }, 1, {
		{ "base64_url_safe_decode", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, base64 url safe decode, unexpected argument", { GV_STR, "hello" }, 1, {
		{ "base64_url_safe_decode", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, base64 url safe encode, from string", { GV_STR, "_#/." }, 1, {
		{ "base64_url_safe_encode", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "XyMvLg==", NULL },
	{ "filters, base64 url safe encode, from string with URL unsafe", { GV_JSON, "\"abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 !@#$%^&*()-=_+/?.:;[]{}\\\\|\"" }, 1, {
		{ "base64_url_safe_encode", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXogQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVogMTIzNDU2Nzg5MCAhQCMkJV4mKigpLT1fKy8_Ljo7W117fVx8", NULL },
	{ "filters, base64 url safe encode, not a string", { GV_JSON, "5" }, 1, {
		{ "base64_url_safe_encode", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "NQ==", NULL },
	{ "filters, base64 url safe encode, undefined left value", { GV_NIL, NULL }, 1, {
		{ "base64_url_safe_encode", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, base64 url safe encode, unexpected argument", { GV_STR, "hello" }, 1, {
		{ "base64_url_safe_encode", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, capitalize, already capitalized string", { GV_STR, "Hello" }, 1, {
		{ "capitalize", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "Hello", NULL },
	{ "filters, capitalize, lower case string", { GV_STR, "hello" }, 1, {
		{ "capitalize", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "Hello", NULL },
	{ "filters, capitalize, multi-word string", { GV_STR, "hello world" }, 1, {
		{ "capitalize", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "Hello world", NULL },
	{ "filters, capitalize, undefined left value", { GV_NIL, NULL }, 1, {
		{ "capitalize", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, capitalize, unexpected argument", { GV_STR, "hello" }, 1, {
		{ "capitalize", 1, { { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, ceil, negative float", { GV_JSON, "-5.4" }, 1, {
		{ "ceil", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "-5", NULL },
	{ "filters, ceil, negative integer", { GV_JSON, "-5" }, 1, {
		{ "ceil", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "-5", NULL },
	{ "filters, ceil, negative string float", { GV_STR, "-5.1" }, 1, {
		{ "ceil", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "-5", NULL },
	{ "filters, ceil, not a string, int or float", { GV_JSON, "{}" }, 1, {
		{ "ceil", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, ceil, positive float", { GV_JSON, "5.4" }, 1, {
		{ "ceil", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "6", NULL },
	{ "filters, ceil, positive integer", { GV_JSON, "5" }, 1, {
		{ "ceil", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, ceil, positive string float", { GV_STR, "5.1" }, 1, {
		{ "ceil", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "6", NULL },
	{ "filters, ceil, string not a number", { GV_STR, "hello" }, 1, {
		{ "ceil", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, ceil, undefined left value", { GV_NIL, NULL }, 1, {
		{ "ceil", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, ceil, unexpected argument", { GV_JSON, "-3.1" }, 1, {
		{ "ceil", 1, { { GV_JSON, "1" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, ceil, zero", { GV_JSON, "0" }, 1, {
		{ "ceil", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, compact, array with a nil", { GV_JSON, "[\"b\", \"a\", null, \"A\"]" }, 2, {
		{ "compact", 0, { { 0, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "b#a#A", NULL },
	{ "filters, compact, empty array", { GV_JSON, "[]" }, 2, {
		{ "compact", 0, { { 0, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, compact, left value is not an array", { GV_JSON, "123" }, 2, {
		{ "compact", 0, { { 0, NULL } }, NULL, { 0, NULL } },
		{ "first", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "123", NULL },
	{ "filters, compact, left value is undefined", { GV_NIL, NULL }, 1, {
		{ "compact", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, compact, too many arguments", { GV_NIL, NULL }, 1, {
		{ "compact", 2, { { GV_STR, "foo" }, { GV_STR, "bar" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, concat, left value contains non string", { GV_JSON, "[\"a\", \"b\", 5]" }, 2, {
		{ "concat", 1, { { GV_JSON, "[\"c\", \"d\"]" } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "a#b#5#c#d", NULL },
	{ "filters, concat, left value is not array-like", { GV_JSON, "\"ab\"" }, 2, {
		{ "concat", 1, { { GV_JSON, "[\"c\", \"d\"]" } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "ab#c#d", NULL },
	{ "filters, concat, missing argument is an error", { GV_JSON, "[\"a\", \"b\"]" }, 2, {
		{ "concat", 0, { { 0, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, concat, nested left value gets flattened", { GV_JSON, "[[\"a\", \"x\"], [\"b\", [\"y\", [\"z\"]]]]" }, 2, {
		{ "concat", 1, { { GV_JSON, "[\"c\", \"d\"]" } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "a#x#b#y#z#c#d", NULL },
	{ "filters, concat, non array-like argument is an error", { GV_JSON, "[\"a\", \"b\"]" }, 2, {
		{ "concat", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, concat, two arrays of strings", { GV_JSON, "[\"a\", \"b\"]" }, 2, {
		{ "concat", 1, { { GV_JSON, "[\"c\", \"d\"]" } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "a#b#c#d", NULL },
	{ "filters, concat, undefined argument is an error", { GV_JSON, "[\"a\", \"b\"]" }, 2, {
		{ "concat", 1, { { GV_NIL, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, concat, undefined left value", { GV_NIL, NULL }, 2, {
		{ "concat", 1, { { GV_JSON, "[\"c\", \"d\"]" } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "c#d", NULL },
	{ "filters, date, literal percent", { GV_STR, "March 14, 2016" }, 1, {
		{ "date", 1, { { GV_STR, "%%%b %d, %y" } }, NULL, { 0, NULL } },
	}, "%Mar 14, 16", NULL },
	{ "filters, date, missing argument", { GV_STR, "March 14, 2016" }, 1, {
		{ "date", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, date, negative timestamp string", { GV_STR, "-1152098955" }, 1, {
		{ "date", 1, { { GV_STR, "%m/%d/%Y" } }, NULL, { 0, NULL } },
	}, "-1152098955", NULL },
	{ "filters, date, seconds since epoch format directive", { GV_STR, "March 14, 2016" }, 1, {
		{ "date", 1, { { GV_STR, "%s" } }, NULL, { 0, NULL } },
	}, "1457913600", NULL },
	{ "filters, date, timestamp integer", { GV_JSON, "1152098955" }, 1, {
		{ "date", 1, { { GV_STR, "%m/%d/%Y" } }, NULL, { 0, NULL } },
	}, "07/05/2006", NULL },
	{ "filters, date, timestamp string", { GV_STR, "1152098955" }, 1, {
		{ "date", 1, { { GV_STR, "%m/%d/%Y" } }, NULL, { 0, NULL } },
	}, "07/05/2006", NULL },
	{ "filters, date, too many arguments", { GV_STR, "March 14, 2016" }, 1, {
		{ "date", 2, { { GV_STR, "%b %d, %y" }, { GV_STR, "foo" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, date, undefined argument", { GV_STR, "March 14, 2016" }, 1, {
		{ "date", 1, { { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "March 14, 2016", NULL },
	{ "filters, date, undefined left value", { GV_NIL, NULL }, 1, {
		{ "date", 1, { { GV_STR, "%b %d, %y" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, date, well formed string", { GV_STR, "March 14, 2016" }, 1, {
		{ "date", 1, { { GV_STR, "%b %d, %y" } }, NULL, { 0, NULL } },
	}, "Mar 14, 16", NULL },
	{ "filters, default, 0.0 is not falsy", { GV_JSON, "0.0" }, 1, {
		{ "default", 1, { { GV_STR, "bar" } }, NULL, { 0, NULL } },
	}, "0.0", NULL },
	{ "filters, default, allow false", { GV_JSON, "false" }, 1, {
		{ "default", 1, { { GV_STR, "bar" } }, "allow_false", { GV_JSON, "true" } },
	}, "false", NULL },
	{ "filters, default, allow false from context", { GV_JSON, "false" }, 1, {
		{ "default", 1, { { GV_STR, "bar" } }, "allow_false", { GV_JSON, "true" } },
	}, "false", NULL },
	{ "filters, default, empty array", { GV_JSON, "[]" }, 1, {
		{ "default", 1, { { GV_STR, "foo" } }, NULL, { 0, NULL } },
	}, "foo", NULL },
	{ "filters, default, empty object", { GV_JSON, "{}" }, 1, {
		{ "default", 1, { { GV_STR, "foo" } }, NULL, { 0, NULL } },
	}, "foo", NULL },
	{ "filters, default, empty string", { GV_STR, "" }, 1, {
		{ "default", 1, { { GV_STR, "foo" } }, NULL, { 0, NULL } },
	}, "foo", NULL },
	{ "filters, default, false", { GV_NIL, NULL }, 1, {
		{ "default", 1, { { GV_STR, "foo" } }, NULL, { 0, NULL } },
	}, "foo", NULL },
	{ "filters, default, false keyword argument before positional", { GV_JSON, "false" }, 1, {
		{ "default", 1, { { GV_STR, "bar" } }, "allow_false", { GV_JSON, "false" } },
	}, "bar", NULL },
	{ "filters, default, missing argument", { GV_JSON, "false" }, 1, {
		{ "default", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, default, nil", { GV_NIL, NULL }, 1, {
		{ "default", 1, { { GV_STR, "foo" } }, NULL, { 0, NULL } },
	}, "foo", NULL },
	{ "filters, default, not empty list", { GV_JSON, "[\"hello\", \"world\"]" }, 2, {
		{ "default", 1, { { GV_STR, "foo" } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "hello#world", NULL },
	{ "filters, default, not empty string", { GV_STR, "hello" }, 1, {
		{ "default", 1, { { GV_STR, "foo" } }, NULL, { 0, NULL } },
	}, "hello", NULL },
	{ "filters, default, too many arguments", { GV_NIL, NULL }, 1, {
		{ "default", 3, { { GV_STR, "foo" }, { GV_STR, "bar" }, { GV_STR, "baz" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, default, true keyword argument before positional", { GV_JSON, "false" }, 1, {
		{ "default", 1, { { GV_STR, "bar" } }, "allow_false", { GV_JSON, "true" } },
	}, "false", NULL },
	{ "filters, default, undefined left value", { GV_NIL, NULL }, 1, {
		{ "default", 1, { { GV_STR, "bar" } }, NULL, { 0, NULL } },
	}, "bar", NULL },
	{ "filters, default, zero is not falsy", { GV_JSON, "0" }, 1, {
		{ "default", 1, { { GV_STR, "bar" } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, default, zero is not falsy with allow_false", { GV_JSON, "0" }, 1, {
		{ "default", 1, { { GV_STR, "bar" } }, "allow_false", { GV_JSON, "true" } },
	}, "0", NULL },
	{ "filters, divided by, arg string not a number", { GV_STR, "10" }, 1, {
		{ "divided_by", 1, { { GV_STR, "foo" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, divided by, divied by zero", { GV_JSON, "10" }, 1, {
		{ "divided_by", 1, { { GV_JSON, "0" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, divided by, float division", { GV_JSON, "20" }, 1, {
		{ "divided_by", 1, { { GV_JSON, "7.0" } }, NULL, { 0, NULL } },
	}, "2.857142857142857", NULL },
	{ "filters, divided by, float value and integer arg", { GV_JSON, "9.0" }, 1, {
		{ "divided_by", 1, { { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, "4.5", NULL },
	{ "filters, divided by, integer division", { GV_JSON, "9" }, 1, {
		{ "divided_by", 1, { { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, "4", NULL },
	{ "filters, divided by, integer value and float arg", { GV_JSON, "10" }, 1, {
		{ "divided_by", 1, { { GV_JSON, "2.0" } }, NULL, { 0, NULL } },
	}, "5.0", NULL },
	{ "filters, divided by, integer value and integer arg", { GV_JSON, "10" }, 1, {
		{ "divided_by", 1, { { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, divided by, issue", { GV_JSON, "5" }, 1, {
		{ "divided_by", 1, { { GV_JSON, "3" } }, NULL, { 0, NULL } },
	}, "1", NULL },
	{ "filters, divided by, left value is an empty string", { GV_STR, "" }, 1, {
		{ "divided_by", 1, { { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, divided by, not a string, int or float", { GV_JSON, "{}" }, 1, {
		{ "divided_by", 1, { { GV_JSON, "1" } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, divided by, string not a number", { GV_STR, "foo" }, 1, {
		{ "divided_by", 1, { { GV_STR, "2" } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, divided by, string value and argument", { GV_STR, "10" }, 1, {
		{ "divided_by", 1, { { GV_STR, "2" } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, divided by, too many args", { GV_JSON, "5" }, 1, {
		{ "divided_by", 2, { { GV_JSON, "1" }, { GV_STR, "5" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, divided by, undefined argument", { GV_JSON, "10" }, 1, {
		{ "divided_by", 1, { { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, divided by, undefined left value", { GV_NIL, NULL }, 1, {
		{ "divided_by", 1, { { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, divided by, zero divided by float", { GV_JSON, "0" }, 1, {
		{ "divided_by", 1, { { GV_JSON, "1.1" } }, NULL, { 0, NULL } },
	}, "0.0", NULL },
	{ "filters, divided by, zero divided by integer", { GV_JSON, "0" }, 1, {
		{ "divided_by", 1, { { GV_JSON, "1" } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, downcase, make lower case", { GV_STR, "HELLO" }, 1, {
		{ "downcase", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "hello", NULL },
	{ "filters, downcase, not a string", { GV_JSON, "5" }, 1, {
		{ "downcase", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, downcase, undefined left value", { GV_NIL, NULL }, 1, {
		{ "downcase", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, downcase, unexpected argument", { GV_STR, "HELLO" }, 1, {
		{ "downcase", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, escape, make HTML-safe", { GV_STR, "<p>test</p>" }, 1, {
		{ "escape", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "&lt;p&gt;test&lt;/p&gt;", NULL },
	{ "filters, escape, not a string", { GV_JSON, "5" }, 1, {
		{ "escape", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, escape, undefined left value", { GV_NIL, NULL }, 1, {
		{ "escape", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, escape, unexpected argument", { GV_STR, "HELLO" }, 1, {
		{ "escape", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, escape once, make HTML-safe", { GV_STR, "&lt;p&gt;test&lt;/p&gt;" }, 1, {
		{ "escape_once", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "&lt;p&gt;test&lt;/p&gt;", NULL },
	{ "filters, escape once, make HTML-safe from mixed safe and markup.", { GV_STR, "&lt;p&gt;test&lt;/p&gt;<p>test</p>" }, 1, {
		{ "escape_once", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "&lt;p&gt;test&lt;/p&gt;&lt;p&gt;test&lt;/p&gt;", NULL },
	{ "filters, escape once, not a string", { GV_JSON, "5" }, 1, {
		{ "escape_once", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, escape once, undefined left value", { GV_NIL, NULL }, 1, {
		{ "escape_once", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, escape once, unexpected argument", { GV_STR, "HELLO" }, 1, {
		{ "escape_once", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, find, array of strings, default value", { GV_JSON, "[\"x\", \"y\", \"z\"]" }, 1, {
		{ "find", 1, { { GV_STR, "z" } }, NULL, { 0, NULL } },
	}, "z", NULL },
	{ "filters, find, array of strings, default value, no match", { GV_JSON, "[\"x\", \"y\", \"zoo\"]" }, 1, {
		{ "find", 1, { { GV_STR, "foo" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, find, array of strings, substring match, default value", { GV_JSON, "[\"x\", \"y\", \"zoo\"]" }, 1, {
		{ "find", 1, { { GV_STR, "oo" } }, NULL, { 0, NULL } },
	}, "zoo", NULL },
	{ "filters, find, mixed array, default value", { GV_JSON, "[\"x\", null, \"z\", false, true]" }, 1, {
		{ "find", 1, { { GV_STR, "z" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, find, string input, default value, match", { GV_JSON, "\"zoo\"" }, 1, {
		{ "find", 1, { { GV_STR, "z" } }, NULL, { 0, NULL } },
	}, "zoo", NULL },
	{ "filters, find, string input, string value, match", { GV_JSON, "\"zoo\"" }, 1, {
		{ "find", 2, { { GV_STR, "z" }, { GV_STR, "z" } }, NULL, { 0, NULL } },
	}, "zoo", NULL },
	{ "filters, find, string input, string value, no match", { GV_JSON, "\"zoo\"" }, 1, {
		{ "find", 2, { { GV_STR, "z" }, { GV_STR, "y" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, find index, array of hashes, explicit nil, match", { GV_JSON, "[\"foo\", \"bar\", {\"z\": null}]" }, 1, {
		{ "find_index", 2, { { GV_STR, "z" }, { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, find index, array of hashes, int value, match", { GV_JSON, "[{\"x\": 99}, {\"z\": 42, \"foo\": \"bar\"}]" }, 1, {
		{ "find_index", 2, { { GV_STR, "z" }, { GV_JSON, "42" } }, NULL, { 0, NULL } },
	}, "1", NULL },
	{ "filters, find index, array of strings, default value", { GV_JSON, "[\"x\", \"y\", \"z\"]" }, 1, {
		{ "find_index", 1, { { GV_STR, "z" } }, NULL, { 0, NULL } },
	}, "2", NULL },
	{ "filters, find index, array of strings, default value, no match", { GV_JSON, "[\"x\", \"y\", \"zoo\"]" }, 1, {
		{ "find_index", 1, { { GV_STR, "foo" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, find index, array of strings, substring match, default value", { GV_JSON, "[\"x\", \"y\", \"zoo\"]" }, 1, {
		{ "find_index", 1, { { GV_STR, "oo" } }, NULL, { 0, NULL } },
	}, "2", NULL },
	{ "filters, find index, hash input, default value, match", { GV_JSON, "{\"z\": 42}" }, 1, {
		{ "find_index", 1, { { GV_STR, "z" } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, find index, hash input, default value, no match", { GV_JSON, "{\"z\": 42}" }, 1, {
		{ "find_index", 1, { { GV_STR, "foo" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, find index, hash input, explicit nil, match", { GV_JSON, "{\"z\": null}" }, 1, {
		{ "find_index", 2, { { GV_STR, "z" }, { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, find index, hash input, int value, match", { GV_JSON, "{\"z\": 42}" }, 1, {
		{ "find_index", 2, { { GV_STR, "z" }, { GV_JSON, "42" } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, find index, mixed array, default value", { GV_JSON, "[\"x\", null, \"z\", false, true]" }, 1, {
		{ "find_index", 1, { { GV_STR, "z" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, find index, string input, default value, match", { GV_JSON, "\"zoo\"" }, 1, {
		{ "find_index", 1, { { GV_STR, "z" } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, find index, string input, string value, match", { GV_JSON, "\"zoo\"" }, 1, {
		{ "find_index", 2, { { GV_STR, "z" }, { GV_STR, "z" } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, find index, string input, string value, no match", { GV_JSON, "\"zoo\"" }, 1, {
		{ "find_index", 2, { { GV_STR, "z" }, { GV_STR, "y" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, first, array of strings", { GV_JSON, "[\"a\", \"b\"]" }, 1, {
		{ "first", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "a", NULL },
	{ "filters, first, array of things", { GV_JSON, "[\"a\", \"b\", 1, [], {}]" }, 1, {
		{ "first", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "a", NULL },
	{ "filters, first, empty left value", { GV_JSON, "[]" }, 1, {
		{ "first", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, first, first of a string", { GV_STR, "hello" }, 1, {
		{ "first", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", "h" },
	{ "filters, first, left value is not an array", { GV_JSON, "12" }, 1, {
		{ "first", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, first, left value is undefined", { GV_NIL, NULL }, 1, {
		{ "first", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, floor, negative float", { GV_JSON, "-5.4" }, 1, {
		{ "floor", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "-6", NULL },
	{ "filters, floor, negative integer", { GV_JSON, "-5" }, 1, {
		{ "floor", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "-5", NULL },
	{ "filters, floor, negative string float", { GV_STR, "-5.1" }, 1, {
		{ "floor", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "-6", NULL },
	{ "filters, floor, not a string, int or float", { GV_JSON, "{}" }, 1, {
		{ "floor", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, floor, positive float", { GV_JSON, "5.4" }, 1, {
		{ "floor", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, floor, positive integer", { GV_JSON, "5" }, 1, {
		{ "floor", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, floor, positive string float", { GV_STR, "5.1" }, 1, {
		{ "floor", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, floor, string not a number", { GV_STR, "hello" }, 1, {
		{ "floor", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, floor, undefined left value", { GV_NIL, NULL }, 1, {
		{ "floor", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, floor, unexpected argument", { GV_JSON, "-3.1" }, 1, {
		{ "floor", 1, { { GV_JSON, "1" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, floor, zero", { GV_JSON, "0" }, 1, {
		{ "floor", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, has, array of hashes, false property", { GV_JSON, "[{\"x\": 99}, {\"z\": 42}]" }, 1, {
		{ "has", 1, { { GV_JSON, "false" } }, NULL, { 0, NULL } },
	}, "false", NULL },
	{ "filters, has, array of hashes, int property", { GV_JSON, "[{\"x\": 99}, {\"z\": 42}]" }, 1, {
		{ "has", 1, { { GV_JSON, "42" } }, NULL, { 0, NULL } },
	}, "false", NULL },
	{ "filters, has, array of hashes, int value, match", { GV_JSON, "[{\"x\": 99}, {\"z\": 42}]" }, 1, {
		{ "has", 2, { { GV_STR, "z" }, { GV_JSON, "42" } }, NULL, { 0, NULL } },
	}, "true", NULL },
	{ "filters, has, array of hashes, int value, no match", { GV_JSON, "[{\"x\": 99}, {\"z\": 42}]" }, 1, {
		{ "has", 2, { { GV_STR, "z" }, { GV_JSON, "7" } }, NULL, { 0, NULL } },
	}, "false", NULL },
	{ "filters, has, array of hashes, nil property", { GV_JSON, "[{\"x\": 99}, {\"z\": 42}]" }, 1, {
		{ "has", 1, { { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "false", NULL },
	{ "filters, has, array of hashes, with a nil", { GV_JSON, "[{\"x\": 99}, null, {\"z\": 42}]" }, 1, {
		{ "has", 2, { { GV_STR, "z" }, { GV_JSON, "42" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, has, array of ints, default value", { GV_JSON, "[1, 2, 3]" }, 1, {
		{ "has", 1, { { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, "true", NULL },
	{ "filters, has, array of ints, string argument, default value", { GV_JSON, "[1, 2, 3]" }, 1, {
		{ "has", 1, { { GV_STR, "2" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, has, array of strings, default value", { GV_JSON, "[\"x\", \"y\", \"z\"]" }, 1, {
		{ "has", 1, { { GV_STR, "z" } }, NULL, { 0, NULL } },
	}, "true", NULL },
	{ "filters, has, array of strings, default value, no match", { GV_JSON, "[\"x\", \"y\", \"z\"]" }, 1, {
		{ "has", 1, { { GV_STR, ":(" } }, NULL, { 0, NULL } },
	}, "false", NULL },
	{ "filters, has, array of strings, default value, substring match", { GV_JSON, "[\"x\", \"y\", \"zoo\"]" }, 1, {
		{ "has", 1, { { GV_STR, "z" } }, NULL, { 0, NULL } },
	}, "true", NULL },
	{ "filters, has, hash input, default value, match", { GV_JSON, "{\"z\": 42}" }, 1, {
		{ "has", 1, { { GV_STR, "z" } }, NULL, { 0, NULL } },
	}, "true", NULL },
	{ "filters, has, hash input, default value, no match", { GV_JSON, "{\"x\": 42}" }, 1, {
		{ "has", 1, { { GV_STR, "z" } }, NULL, { 0, NULL } },
	}, "false", NULL },
	{ "filters, has, hash input, explicit nil, match", { GV_JSON, "{\"z\": null}" }, 1, {
		{ "has", 2, { { GV_STR, "z" }, { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "false", NULL },
	{ "filters, has, hash input, explicit nil, no match", { GV_JSON, "{\"z\": 42}" }, 1, {
		{ "has", 2, { { GV_STR, "z" }, { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "true", NULL },
	{ "filters, has, hash input, false value, match", { GV_JSON, "{\"z\": false}" }, 1, {
		{ "has", 2, { { GV_STR, "z" }, { GV_JSON, "false" } }, NULL, { 0, NULL } },
	}, "true", NULL },
	{ "filters, has, hash input, int value, match", { GV_JSON, "{\"z\": 42}" }, 1, {
		{ "has", 2, { { GV_STR, "z" }, { GV_JSON, "42" } }, NULL, { 0, NULL } },
	}, "true", NULL },
	{ "filters, has, hash input, int value, no match", { GV_JSON, "{\"z\": 42}" }, 1, {
		{ "has", 2, { { GV_STR, "z" }, { GV_JSON, "99" } }, NULL, { 0, NULL } },
	}, "false", NULL },
	{ "filters, has, hash input, string value, no type coercion", { GV_JSON, "{\"z\": 42}" }, 1, {
		{ "has", 2, { { GV_STR, "z" }, { GV_STR, "42" } }, NULL, { 0, NULL } },
	}, "false", NULL },
	{ "filters, has, mixed array, default value", { GV_JSON, "[\"x\", null, \"z\", false, true]" }, 1, {
		{ "has", 1, { { GV_STR, "z" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, has, string input, default value, match", { GV_JSON, "\"zoo\"" }, 1, {
		{ "has", 1, { { GV_STR, "z" } }, NULL, { 0, NULL } },
	}, "true", NULL },
	{ "filters, has, string input, default value, no match", { GV_JSON, "\"foo\"" }, 1, {
		{ "has", 1, { { GV_STR, "z" } }, NULL, { 0, NULL } },
	}, "false", NULL },
	{ "filters, join, argument is not a string", { GV_JSON, "[\"a\", \"b\"]" }, 1, {
		{ "join", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, "a5b", NULL },
	{ "filters, join, join an array of integers", { GV_JSON, "[1, 2]" }, 1, {
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "1#2", NULL },
	{ "filters, join, join an array of strings", { GV_JSON, "[\"a\", \"b\"]" }, 1, {
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "a#b", NULL },
	{ "filters, join, joining a string is a noop", { GV_STR, "a,b" }, 1, {
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "a,b", NULL },
	{ "filters, join, joining an int is a noop", { GV_JSON, "123" }, 1, {
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "123", NULL },
	{ "filters, join, left value contains non string", { GV_JSON, "[\"a\", \"b\", 1]" }, 1, {
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "a#b#1", NULL },
	{ "filters, join, missing argument defaults to a space", { GV_JSON, "[\"a\", \"b\"]" }, 1, {
		{ "join", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "a b", NULL },
	{ "filters, join, too many arguments", { GV_JSON, "[\"a\", \"b\"]" }, 1, {
		{ "join", 2, { { GV_STR, "#" }, { GV_JSON, "42" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, join, undefined argument", { GV_JSON, "[\"a\", \"b\"]" }, 1, {
		{ "join", 1, { { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "ab", NULL },
	{ "filters, join, undefined left value", { GV_NIL, NULL }, 1, {
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, last, array of strings", { GV_JSON, "[\"a\", \"b\"]" }, 1, {
		{ "last", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "b", NULL },
	{ "filters, last, array of things", { GV_JSON, "[\"a\", \"b\", 1, [], {}]" }, 1, {
		{ "last", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "{}", NULL },
	{ "filters, last, empty array", { GV_JSON, "[]" }, 1, {
		{ "last", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, last, last of a hash", { GV_JSON, "{\"b\": 1, \"c\": 2}" }, 1, {
		{ "last", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, last, last of a string", { GV_STR, "hello" }, 1, {
		{ "last", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", "o" },
	{ "filters, last, left value is undefined", { GV_NIL, NULL }, 1, {
		{ "last", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, last, left value not an array", { GV_JSON, "12" }, 1, {
		{ "last", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, lstrip, left and right padded", { GV_STR, " \t\r\n  hello  \t\r\n " }, 1, {
		{ "lstrip", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "hello  \t\r\n ", NULL },
	{ "filters, lstrip, left padded", { GV_STR, " \t\r\n  hello" }, 1, {
		{ "lstrip", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "hello", NULL },
	{ "filters, lstrip, not a string", { GV_JSON, "5" }, 1, {
		{ "lstrip", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, lstrip, right padded", { GV_STR, "hello \t\r\n  " }, 1, {
		{ "lstrip", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "hello \t\r\n  ", NULL },
	{ "filters, lstrip, undefined left value", { GV_NIL, NULL }, 1, {
		{ "lstrip", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, lstrip, unexpected argument", { GV_STR, "hello" }, 1, {
		{ "lstrip", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, map, array containing a non object", { GV_JSON, "[{\"title\": \"foo\"}, {\"title\": \"bar\"}, 5, []]" }, 2, {
		{ "map", 1, { { GV_STR, "title" } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, map, array of objects", { GV_JSON, "[{\"title\": \"foo\"}, {\"title\": \"bar\"}, {\"title\": \"baz\"}]" }, 2, {
		{ "map", 1, { { GV_STR, "title" } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "foo#bar#baz", NULL },
	{ "filters, map, input is a hash", { GV_JSON, "{\"title\": \"foo\", \"some\": \"thing\"}" }, 2, {
		{ "map", 1, { { GV_STR, "title" } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "foo", NULL },
	{ "filters, map, left value not an array", { GV_JSON, "123" }, 2, {
		{ "map", 1, { { GV_STR, "title" } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, map, missing property", { GV_JSON, "[{\"title\": \"foo\"}, {\"title\": \"bar\"}, {\"heading\": \"baz\"}]" }, 2, {
		{ "map", 1, { { GV_STR, "title" } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "foo#bar#", NULL },
	{ "filters, map, nested arrays get flattened", { GV_JSON, "[{\"title\": \"foo\"}, [{\"title\": \"bar\"}, {\"title\": \"baz\"}]]" }, 2, {
		{ "map", 1, { { GV_STR, "title" } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "foo#bar#baz", NULL },
	{ "filters, minus, arg string not a number", { GV_STR, "10" }, 1, {
		{ "minus", 1, { { GV_STR, "foo" } }, NULL, { 0, NULL } },
	}, "10", NULL },
	{ "filters, minus, float value and float arg", { GV_JSON, "10.1" }, 1, {
		{ "minus", 1, { { GV_JSON, "2.2" } }, NULL, { 0, NULL } },
	}, "7.9", NULL },
	{ "filters, minus, integer value and float arg", { GV_JSON, "10" }, 1, {
		{ "minus", 1, { { GV_JSON, "2.0" } }, NULL, { 0, NULL } },
	}, "8.0", NULL },
	{ "filters, minus, integer value and integer arg", { GV_JSON, "10" }, 1, {
		{ "minus", 1, { { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, "8", NULL },
	{ "filters, minus, not a string, int or float", { GV_JSON, "{}" }, 1, {
		{ "minus", 1, { { GV_JSON, "1" } }, NULL, { 0, NULL } },
	}, "-1", NULL },
	{ "filters, minus, string not a number", { GV_STR, "foo" }, 1, {
		{ "minus", 1, { { GV_STR, "2.0" } }, NULL, { 0, NULL } },
	}, "-2.0", NULL },
	{ "filters, minus, string value and string arg", { GV_STR, "10.1" }, 1, {
		{ "minus", 1, { { GV_STR, "2.2" } }, NULL, { 0, NULL } },
	}, "7.9", NULL },
	{ "filters, minus, too many args", { GV_JSON, "5" }, 1, {
		{ "minus", 2, { { GV_JSON, "1" }, { GV_STR, "5" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, minus, undefined argument", { GV_JSON, "10" }, 1, {
		{ "minus", 1, { { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "10", NULL },
	{ "filters, minus, undefined left value", { GV_NIL, NULL }, 1, {
		{ "minus", 1, { { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, "-2", NULL },
	{ "filters, modulo, arg string not a number", { GV_STR, "10" }, 1, {
		{ "modulo", 1, { { GV_STR, "foo" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, modulo, float value and float arg", { GV_JSON, "10.1" }, 1, {
		{ "modulo", 1, { { GV_JSON, "7.0" } }, NULL, { 0, NULL } },
	}, "3.1", NULL },
	{ "filters, modulo, integer value and float arg", { GV_JSON, "10" }, 1, {
		{ "modulo", 1, { { GV_JSON, "2.0" } }, NULL, { 0, NULL } },
	}, "0.0", NULL },
	{ "filters, modulo, integer value and integer arg", { GV_JSON, "10" }, 1, {
		{ "modulo", 1, { { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, modulo, not a string, int or float", { GV_JSON, "{}" }, 1, {
		{ "modulo", 1, { { GV_JSON, "1" } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, modulo, string not a number", { GV_STR, "foo" }, 1, {
		{ "modulo", 1, { { GV_STR, "2.0" } }, NULL, { 0, NULL } },
	}, "0.0", NULL },
	{ "filters, modulo, string value and argument", { GV_STR, "10" }, 1, {
		{ "modulo", 1, { { GV_STR, "2.0" } }, NULL, { 0, NULL } },
	}, "0.0", NULL },
	{ "filters, modulo, too many args", { GV_JSON, "5" }, 1, {
		{ "modulo", 2, { { GV_JSON, "1" }, { GV_STR, "5" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, modulo, undefined argument", { GV_JSON, "5" }, 1, {
		{ "modulo", 1, { { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, modulo, undefined left value", { GV_NIL, NULL }, 1, {
		{ "modulo", 1, { { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, newline to br, not a string", { GV_JSON, "5" }, 1, {
		{ "newline_to_br", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, newline to br, reference implementation test 1", { GV_STR, "a\nb\nc" }, 1, {
		{ "newline_to_br", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "a<br />\nb<br />\nc", NULL },
	{ "filters, newline to br, reference implementation test 2", { GV_STR, "a\r\nb\nc" }, 1, {
		{ "newline_to_br", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "a<br />\nb<br />\nc", NULL },
	{ "filters, newline to br, string with newlines", { GV_STR, "- apples\n- oranges\n" }, 1, {
		{ "newline_to_br", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "- apples<br />\n- oranges<br />\n", NULL },
	{ "filters, newline to br, undefined left value", { GV_NIL, NULL }, 1, {
		{ "newline_to_br", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, newline to br, unexpected argument", { GV_STR, "hello" }, 1, {
		{ "newline_to_br", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, plus, arg string not a number", { GV_STR, "10" }, 1, {
		{ "plus", 1, { { GV_STR, "foo" } }, NULL, { 0, NULL } },
	}, "10", NULL },
	{ "filters, plus, float value and float arg", { GV_JSON, "10.1" }, 1, {
		{ "plus", 1, { { GV_JSON, "2.2" } }, NULL, { 0, NULL } },
	}, "12.3", NULL },
	{ "filters, plus, integer value and float arg", { GV_JSON, "10" }, 1, {
		{ "plus", 1, { { GV_JSON, "2.0" } }, NULL, { 0, NULL } },
	}, "12.0", NULL },
	{ "filters, plus, integer value and integer arg", { GV_JSON, "10" }, 1, {
		{ "plus", 1, { { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, "12", NULL },
	{ "filters, plus, integer value and negative integer arg", { GV_JSON, "10" }, 1, {
		{ "plus", 1, { { GV_JSON, "-2" } }, NULL, { 0, NULL } },
	}, "8", NULL },
	{ "filters, plus, not a string, int or float", { GV_JSON, "{}" }, 1, {
		{ "plus", 1, { { GV_JSON, "1" } }, NULL, { 0, NULL } },
	}, "1", NULL },
	{ "filters, plus, string not a number", { GV_STR, "foo" }, 1, {
		{ "plus", 1, { { GV_STR, "2.0" } }, NULL, { 0, NULL } },
	}, "2.0", NULL },
	{ "filters, plus, string value and string arg", { GV_STR, "10.1" }, 1, {
		{ "plus", 1, { { GV_STR, "2.2" } }, NULL, { 0, NULL } },
	}, "12.3", NULL },
	{ "filters, plus, too many args", { GV_JSON, "5" }, 1, {
		{ "plus", 2, { { GV_JSON, "1" }, { GV_STR, "5" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, plus, undefined argument", { GV_JSON, "10" }, 1, {
		{ "plus", 1, { { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "10", NULL },
	{ "filters, plus, undefined left value", { GV_NIL, NULL }, 1, {
		{ "plus", 1, { { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, "2", NULL },
	{ "filters, prepend, argument not a string", { GV_STR, "hello" }, 1, {
		{ "prepend", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, "5hello", NULL },
	{ "filters, prepend, concat", { GV_STR, "hello" }, 1, {
		{ "prepend", 1, { { GV_STR, "there" } }, NULL, { 0, NULL } },
	}, "therehello", NULL },
	{ "filters, prepend, missing argument", { GV_STR, "hello" }, 1, {
		{ "prepend", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, prepend, not a string", { GV_JSON, "5" }, 1, {
		{ "prepend", 1, { { GV_STR, "there" } }, NULL, { 0, NULL } },
	}, "there5", NULL },
	{ "filters, prepend, too many arguments", { GV_STR, "hello" }, 1, {
		{ "prepend", 3, { { GV_STR, "how" }, { GV_STR, "are" }, { GV_STR, "you" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, prepend, undefined argument", { GV_STR, "hi" }, 1, {
		{ "prepend", 1, { { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "hi", NULL },
	{ "filters, prepend, undefined left value", { GV_NIL, NULL }, 1, {
		{ "prepend", 1, { { GV_STR, "hi" } }, NULL, { 0, NULL } },
	}, "hi", NULL },
	{ "filters, reject, array containing an int, default value", { GV_JSON, "[\"x\", \"y\", \"cat\", 1]" }, 1, {
		{ "reject", 1, { { GV_STR, "c" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, reject, array containing null, default value", { GV_JSON, "[\"x\", \"y\", \"cat\", null]" }, 1, {
		{ "reject", 1, { { GV_STR, "c" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, remove, argument not a string", { GV_STR, "hello" }, 1, {
		{ "remove", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, "hello", NULL },
	{ "filters, remove, missing argument", { GV_STR, "hello" }, 1, {
		{ "remove", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, remove, not a string", { GV_JSON, "5" }, 1, {
		{ "remove", 1, { { GV_STR, "there" } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, remove, remove substrings", { GV_STR, "I strained to see the train through the rain" }, 1, {
		{ "remove", 1, { { GV_STR, "rain" } }, NULL, { 0, NULL } },
	}, "I sted to see the t through the ", NULL },
	{ "filters, remove, too many arguments", { GV_STR, "hello" }, 1, {
		{ "remove", 3, { { GV_STR, "how" }, { GV_STR, "are" }, { GV_STR, "you" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, remove, undefined argument", { GV_STR, "hello" }, 1, {
		{ "remove", 1, { { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "hello", NULL },
	{ "filters, remove, undefined left value", { GV_NIL, NULL }, 1, {
		{ "remove", 1, { { GV_STR, "rain" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, remove first, argument not a string", { GV_STR, "hello" }, 1, {
		{ "remove_first", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, "hello", NULL },
	{ "filters, remove first, missing argument", { GV_STR, "hello" }, 1, {
		{ "remove_first", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, remove first, not a string", { GV_JSON, "5" }, 1, {
		{ "remove_first", 1, { { GV_STR, "rain" } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, remove first, remove substrings", { GV_STR, "I strained to see the train through the rain" }, 1, {
		{ "remove_first", 1, { { GV_STR, "rain" } }, NULL, { 0, NULL } },
	}, "I sted to see the train through the rain", NULL },
	{ "filters, remove first, too many arguments", { GV_STR, "hello" }, 1, {
		{ "remove_first", 3, { { GV_STR, "how" }, { GV_STR, "are" }, { GV_STR, "you" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, remove first, undefined argument", { GV_STR, "hello" }, 1, {
		{ "remove_first", 1, { { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "hello", NULL },
	{ "filters, remove first, undefined left value", { GV_NIL, NULL }, 1, {
		{ "remove_first", 1, { { GV_STR, "rain" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, remove last, argument not a string", { GV_STR, "hello" }, 1, {
		{ "remove_last", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, "hello", NULL },
	{ "filters, remove last, missing argument", { GV_STR, "hello" }, 1, {
		{ "remove_last", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, remove last, not a string", { GV_JSON, "5" }, 1, {
		{ "remove_last", 1, { { GV_STR, "rain" } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, remove last, remove substrings", { GV_STR, "I strained to see the train through the rain" }, 1, {
		{ "remove_last", 1, { { GV_STR, "rain" } }, NULL, { 0, NULL } },
	}, "I strained to see the train through the ", NULL },
	{ "filters, remove last, too many arguments", { GV_STR, "hello" }, 1, {
		{ "remove_last", 3, { { GV_STR, "how" }, { GV_STR, "are" }, { GV_STR, "you" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, remove last, undefined argument", { GV_STR, "hello" }, 1, {
		{ "remove_last", 1, { { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "hello", NULL },
	{ "filters, remove last, undefined left value", { GV_NIL, NULL }, 1, {
		{ "remove_last", 1, { { GV_STR, "rain" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, replace, argument not a string", { GV_STR, "hello" }, 1, {
		{ "replace", 2, { { GV_JSON, "5" }, { GV_STR, "your" } }, NULL, { 0, NULL } },
	}, "hello", NULL },
	{ "filters, replace, left value is an object", { GV_JSON, "{}" }, 1, {
		{ "replace", 2, { { GV_STR, "{" }, { GV_STR, "!" } }, NULL, { 0, NULL } },
	}, "!}", NULL },
	{ "filters, replace, missing argument", { GV_STR, "hello" }, 1, {
		{ "replace", 1, { { GV_STR, "ll" } }, NULL, { 0, NULL } },
	}, "heo", NULL },
	{ "filters, replace, missing arguments", { GV_STR, "hello" }, 1, {
		{ "replace", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, replace, not a string", { GV_JSON, "5" }, 1, {
		{ "replace", 2, { { GV_STR, "rain" }, { GV_STR, "foo" } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, replace, replace substrings", { GV_STR, "Take my protein pills and put my helmet on" }, 1, {
		{ "replace", 2, { { GV_STR, "my" }, { GV_STR, "your" } }, NULL, { 0, NULL } },
	}, "Take your protein pills and put your helmet on", NULL },
	{ "filters, replace, too many arguments", { GV_STR, "hello" }, 1, {
		{ "replace", 3, { { GV_STR, "how" }, { GV_STR, "are" }, { GV_STR, "you" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, replace, undefined first argument", { GV_STR, "Take my protein" }, 1, {
		{ "replace", 2, { { GV_NIL, NULL }, { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "#T#a#k#e# #m#y# #p#r#o#t#e#i#n#", NULL },
	{ "filters, replace, undefined left value", { GV_NIL, NULL }, 1, {
		{ "replace", 2, { { GV_STR, "my" }, { GV_STR, "your" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, replace, undefined second argument", { GV_STR, "Take my protein pills and put my helmet on" }, 1, {
		{ "replace", 2, { { GV_STR, "my" }, { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "Take  protein pills and put  helmet on", NULL },
	{ "filters, replace first, argument not a string", { GV_STR, "hello5" }, 1, {
		{ "replace_first", 2, { { GV_JSON, "5" }, { GV_STR, "your" } }, NULL, { 0, NULL } },
	}, "helloyour", NULL },
	{ "filters, replace first, missing argument", { GV_STR, "hello" }, 1, {
		{ "replace_first", 1, { { GV_STR, "ll" } }, NULL, { 0, NULL } },
	}, "heo", NULL },
	{ "filters, replace first, missing arguments", { GV_STR, "hello" }, 1, {
		{ "replace_first", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, replace first, not a string", { GV_JSON, "5" }, 1, {
		{ "replace_first", 2, { { GV_STR, "rain" }, { GV_STR, "foo" } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, replace first, replace substrings", { GV_STR, "Take my protein pills and put my helmet on" }, 1, {
		{ "replace_first", 2, { { GV_STR, "my" }, { GV_STR, "your" } }, NULL, { 0, NULL } },
	}, "Take your protein pills and put my helmet on", NULL },
	{ "filters, replace first, too many arguments", { GV_STR, "hello" }, 1, {
		{ "replace_first", 3, { { GV_STR, "how" }, { GV_STR, "are" }, { GV_STR, "you" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, replace first, undefined first argument", { GV_STR, "Take my protein" }, 1, {
		{ "replace_first", 2, { { GV_NIL, NULL }, { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "#Take my protein", NULL },
	{ "filters, replace first, undefined left value", { GV_NIL, NULL }, 1, {
		{ "replace_first", 2, { { GV_STR, "my" }, { GV_STR, "your" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, replace first, undefined second argument", { GV_STR, "Take my protein pills and put my helmet on" }, 1, {
		{ "replace_first", 2, { { GV_STR, "my" }, { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "Take  protein pills and put my helmet on", NULL },
	{ "filters, replace last, argument not a string", { GV_STR, "hello5" }, 1, {
		{ "replace_last", 2, { { GV_JSON, "5" }, { GV_STR, "your" } }, NULL, { 0, NULL } },
	}, "helloyour", NULL },
	{ "filters, replace last, missing argument", { GV_STR, "hello" }, 1, {
		{ "replace_last", 1, { { GV_STR, "ll" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, replace last, missing arguments", { GV_STR, "hello" }, 1, {
		{ "replace_last", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, replace last, not a string", { GV_JSON, "5" }, 1, {
		{ "replace_last", 2, { { GV_STR, "rain" }, { GV_STR, "foo" } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, replace last, replace substrings", { GV_STR, "Take my protein pills and put my helmet on" }, 1, {
		{ "replace_last", 2, { { GV_STR, "my" }, { GV_STR, "your" } }, NULL, { 0, NULL } },
	}, "Take my protein pills and put your helmet on", NULL },
	{ "filters, replace last, too many arguments", { GV_STR, "hello" }, 1, {
		{ "replace_last", 3, { { GV_STR, "how" }, { GV_STR, "are" }, { GV_STR, "you" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, replace last, undefined first argument", { GV_STR, "Take my protein" }, 1, {
		{ "replace_last", 2, { { GV_NIL, NULL }, { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "Take my protein#", NULL },
	{ "filters, replace last, undefined left value", { GV_NIL, NULL }, 1, {
		{ "replace_last", 2, { { GV_STR, "my" }, { GV_STR, "your" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, replace last, undefined second argument", { GV_STR, "Take my protein pills and put my helmet on" }, 1, {
		{ "replace_last", 2, { { GV_STR, "my" }, { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "Take my protein pills and put  helmet on", NULL },
	{ "filters, reverse, array of strings", { GV_JSON, "[\"b\", \"a\", \"B\", \"A\"]" }, 2, {
		{ "reverse", 0, { { 0, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "A#B#a#b", NULL },
	{ "filters, reverse, array of things", { GV_JSON, "[\"a\", \"b\", 1, [], {}]" }, 2, {
		{ "reverse", 0, { { 0, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "{}#1#b#a", NULL },
	{ "filters, reverse, empty array", { GV_JSON, "[]" }, 2, {
		{ "reverse", 0, { { 0, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, reverse, left value is undefined", { GV_NIL, NULL }, 2, {
		{ "reverse", 0, { { 0, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, reverse, left value not an array", { GV_JSON, "123" }, 2, {
		{ "reverse", 0, { { 0, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "123", NULL },
	{ "filters, reverse, unexpected argument", { GV_JSON, "[]" }, 2, {
		{ "reverse", 1, { { GV_JSON, "0" } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, round, argument is a float", { GV_JSON, "5.666" }, 1, {
		{ "round", 1, { { GV_JSON, "1.2" } }, NULL, { 0, NULL } },
	}, "5.7", NULL },
	{ "filters, round, argument is a negative", { GV_JSON, "5.666" }, 1, {
		{ "round", 1, { { GV_JSON, "-2" } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, round, argument is a string", { GV_JSON, "5.666" }, 1, {
		{ "round", 1, { { GV_STR, "foo" } }, NULL, { 0, NULL } },
	}, "6", NULL },
	{ "filters, round, argument is a string representation of an integer", { GV_JSON, "5.666" }, 1, {
		{ "round", 1, { { GV_STR, "1" } }, NULL, { 0, NULL } },
	}, "5.7", NULL },
	{ "filters, round, argument is a string representation of zero", { GV_JSON, "5.666" }, 1, {
		{ "round", 1, { { GV_STR, "1" } }, NULL, { 0, NULL } },
	}, "5.7", NULL },
	{ "filters, round, argument is a zero", { GV_JSON, "5.666" }, 1, {
		{ "round", 1, { { GV_JSON, "0" } }, NULL, { 0, NULL } },
	}, "6", NULL },
	{ "filters, round, decimal places", { GV_STR, "5.666666" }, 1, {
		{ "round", 1, { { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, "5.67", NULL },
	{ "filters, round, float as a string", { GV_STR, "5.6" }, 1, {
		{ "round", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "6", NULL },
	{ "filters, round, float round down", { GV_JSON, "5.1" }, 1, {
		{ "round", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, round, float round up", { GV_JSON, "5.6" }, 1, {
		{ "round", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "6", NULL },
	{ "filters, round, integer", { GV_JSON, "5" }, 1, {
		{ "round", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, round, string argument", { GV_JSON, "5.666" }, 1, {
		{ "round", 1, { { GV_STR, "1" } }, NULL, { 0, NULL } },
	}, "5.7", NULL },
	{ "filters, round, too many args", { GV_JSON, "5" }, 1, {
		{ "round", 2, { { GV_JSON, "1" }, { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, round, undefined argument", { GV_JSON, "5.666" }, 1, {
		{ "round", 1, { { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "6", NULL },
	{ "filters, round, undefined left value", { GV_NIL, NULL }, 1, {
		{ "round", 1, { { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, rstrip, left and right padded", { GV_STR, " \t\r\n  hello  \t\r\n " }, 1, {
		{ "rstrip", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, " \t\r\n  hello", NULL },
	{ "filters, rstrip, left padded", { GV_STR, " \t\r\n  hello" }, 1, {
		{ "rstrip", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, " \t\r\n  hello", NULL },
	{ "filters, rstrip, not a string", { GV_JSON, "5" }, 1, {
		{ "rstrip", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, rstrip, right padded", { GV_STR, "hello \t\r\n  " }, 1, {
		{ "rstrip", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "hello", NULL },
	{ "filters, rstrip, undefined left value", { GV_NIL, NULL }, 1, {
		{ "rstrip", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, rstrip, unexpected argument", { GV_STR, "hello" }, 1, {
		{ "rstrip", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, size, size of a hash", { GV_JSON, "{\"a\": 1, \"b\": 2}" }, 1, {
		{ "size", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "2", NULL },
	{ "filters, size, size of a string", { GV_JSON, "\"abc\"" }, 1, {
		{ "size", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "3", NULL },
	{ "filters, size, size of an array", { GV_JSON, "[\"a\", \"b\", \"c\"]" }, 1, {
		{ "size", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "3", NULL },
	{ "filters, size, size of an empty array", { GV_JSON, "[]" }, 1, {
		{ "size", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, size, undefined left value", { GV_NIL, NULL }, 1, {
		{ "size", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, size, unexpected argument", { GV_JSON, "[1, 2, 3]" }, 1, {
		{ "size", 1, { { GV_STR, "foo" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, slice, first argument is a float", { GV_STR, "Liquid" }, 1, {
		{ "slice", 1, { { GV_JSON, "2.2" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, slice, first argument is a string", { GV_STR, "hello" }, 1, {
		{ "slice", 1, { { GV_STR, "2" } }, NULL, { 0, NULL } },
	}, "l", NULL },
	{ "filters, slice, first argument not an integer", { GV_STR, "hello" }, 1, {
		{ "slice", 1, { { GV_STR, "foo" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, slice, missing arguments", { GV_STR, "hello" }, 1, {
		{ "slice", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, slice, negative first argument", { GV_STR, "Liquid" }, 1, {
		{ "slice", 1, { { GV_JSON, "-2" } }, NULL, { 0, NULL } },
	}, "i", NULL },
	{ "filters, slice, negative first argument and length out of range", { GV_STR, "Liquid" }, 1, {
		{ "slice", 2, { { GV_JSON, "-2" }, { GV_JSON, "99" } }, NULL, { 0, NULL } },
	}, "id", NULL },
	{ "filters, slice, negative first argument and negative length", { GV_STR, "Liquid" }, 1, {
		{ "slice", 2, { { GV_JSON, "-2" }, { GV_JSON, "-1" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, slice, negative first argument and positive length", { GV_STR, "Liquid" }, 1, {
		{ "slice", 2, { { GV_JSON, "-2" }, { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, "id", NULL },
	{ "filters, slice, not a string", { GV_JSON, "5" }, 1, {
		{ "slice", 1, { { GV_JSON, "1" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, slice, one", { GV_STR, "hello" }, 1, {
		{ "slice", 1, { { GV_JSON, "1" } }, NULL, { 0, NULL } },
	}, "e", NULL },
	{ "filters, slice, one length three", { GV_STR, "hello" }, 1, {
		{ "slice", 2, { { GV_JSON, "1" }, { GV_JSON, "3" } }, NULL, { 0, NULL } },
	}, "ell", NULL },
	{ "filters, slice, out of range", { GV_STR, "hello" }, 1, {
		{ "slice", 1, { { GV_JSON, "99" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, slice, second argument is a float", { GV_STR, "Liquid" }, 1, {
		{ "slice", 2, { { GV_JSON, "1" }, { GV_JSON, "2.2" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, slice, second argument is a string", { GV_STR, "hello" }, 1, {
		{ "slice", 2, { { GV_JSON, "3" }, { GV_STR, "2" } }, NULL, { 0, NULL } },
	}, "lo", NULL },
	{ "filters, slice, second argument not an integer", { GV_STR, "hello" }, 1, {
		{ "slice", 2, { { GV_JSON, "5" }, { GV_STR, "foo" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, slice, slice an array of numbers", { GV_JSON, "[1, 2, 3, 4, 5]" }, 2, {
		{ "slice", 2, { { GV_JSON, "2" }, { GV_JSON, "3" } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "3#4#5", NULL },
	{ "filters, slice, too many arguments", { GV_STR, "hello" }, 1, {
		{ "slice", 3, { { GV_JSON, "1" }, { GV_JSON, "2" }, { GV_JSON, "3" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, slice, undefined first argument", { GV_STR, "hello" }, 1, {
		{ "slice", 2, { { GV_NIL, NULL }, { GV_JSON, "3" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, slice, undefined left value", { GV_NIL, NULL }, 1, {
		{ "slice", 2, { { GV_JSON, "1" }, { GV_JSON, "3" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, slice, undefined second argument", { GV_STR, "hello" }, 1, {
		{ "slice", 2, { { GV_JSON, "1" }, { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "e", NULL },
	{ "filters, slice, zero", { GV_STR, "hello" }, 1, {
		{ "slice", 1, { { GV_JSON, "0" } }, NULL, { 0, NULL } },
	}, "h", NULL },
	{ "filters, sort, argument is undefined", { GV_JSON, "[\"b\", \"a\"]" }, 2, {
		{ "sort", 1, { { GV_NIL, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "a#b", NULL },
	{ "filters, sort, array of integers", { GV_JSON, "[1, 1000, 3, 30]" }, 2, {
		{ "sort", 0, { { 0, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "1#3#30#1000", NULL },
	{ "filters, sort, array of strings", { GV_JSON, "[\"b\", \"a\", \"C\", \"B\", \"A\"]" }, 2, {
		{ "sort", 0, { { 0, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "A#B#C#a#b", NULL },
	{ "filters, sort, empty array", { GV_JSON, "[]" }, 2, {
		{ "sort", 0, { { 0, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, sort, incompatible types", { GV_JSON, "[[], {}, 1, \"4\"]" }, 1, {
		{ "sort", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, sort, left value is not an array", { GV_JSON, "123" }, 2, {
		{ "sort", 0, { { 0, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "123", NULL },
	{ "filters, sort, left value is undefined", { GV_NIL, NULL }, 2, {
		{ "sort", 0, { { 0, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, sort, sort a string", { GV_STR, "BzAa4" }, 2, {
		{ "sort", 0, { { 0, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "BzAa4", NULL },
	{ "filters, sort, too many arguments", { GV_JSON, "[\"b\", \"a\"]" }, 2, {
		{ "sort", 2, { { GV_STR, "title" }, { GV_STR, "foo" } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, sort natural, array of strings", { GV_JSON, "[\"b\", \"a\", \"C\", \"B\", \"A\"]" }, 2, {
		{ "sort_natural", 0, { { 0, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "a#A#b#B#C", NULL },
	{ "filters, sort natural, incompatible types", { GV_JSON, "[{}, 1, \"4\"]" }, 1, {
		{ "sort_natural", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "14{}", NULL },
	{ "filters, sort natural, left value is not an array", { GV_JSON, "123" }, 1, {
		{ "sort_natural", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "123", NULL },
	{ "filters, sort natural, left value is undefined", { GV_NIL, NULL }, 1, {
		{ "sort_natural", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, split, argument is false", { GV_STR, "Hello there" }, 2, {
		{ "split", 1, { { GV_JSON, "false" } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "Hello there", NULL },
	{ "filters, split, argument is nil", { GV_STR, "Hello there" }, 2, {
		{ "split", 1, { { GV_NIL, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "H#e#l#l#o# #t#h#e#r#e", NULL },
	{ "filters, split, argument not a string", { GV_STR, "hello th1ere" }, 2, {
		{ "split", 1, { { GV_JSON, "1" } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "hello th#ere", NULL },
	{ "filters, split, missing argument", { GV_STR, "hello there" }, 1, {
		{ "split", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, split, not a string", { GV_JSON, "56" }, 2, {
		{ "split", 1, { { GV_STR, " " } }, NULL, { 0, NULL } },
		{ "first", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "56", NULL },
	{ "filters, split, split string", { GV_STR, "Hi, how are you today?" }, 2, {
		{ "split", 1, { { GV_STR, " " } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "Hi,#how#are#you#today?", NULL },
	{ "filters, split, too many arguments", { GV_STR, "hello there" }, 1, {
		{ "split", 2, { { GV_STR, " " }, { GV_STR, "," } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, split, undefined argument", { GV_STR, "Hello there" }, 2, {
		{ "split", 1, { { GV_NIL, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "H#e#l#l#o# #t#h#e#r#e", NULL },
	{ "filters, split, undefined left value", { GV_NIL, NULL }, 1, {
		{ "split", 1, { { GV_STR, " " } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, strip, left and right padded", { GV_STR, " \t\r\n  hello  \t\r\n " }, 1, {
		{ "strip", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "hello", NULL },
	{ "filters, strip, left padded", { GV_STR, " \t\r\n  hello" }, 1, {
		{ "strip", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "hello", NULL },
	{ "filters, strip, not a string", { GV_JSON, "5" }, 1, {
		{ "strip", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, strip, right padded", { GV_STR, "hello \t\r\n  " }, 1, {
		{ "strip", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "hello", NULL },
	{ "filters, strip, undefined left value", { GV_NIL, NULL }, 1, {
		{ "strip", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, strip, unexpected argument", { GV_STR, "hello" }, 1, {
		{ "strip", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, strip html, html block", { GV_JSON, "\"<div>test</div>\"" }, 1, {
		{ "strip_html", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "test", NULL },
	{ "filters, strip html, html block with id", { GV_JSON, "\"<div id='test'>test</div>\"" }, 1, {
		{ "strip_html", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "test", NULL },
	{ "filters, strip html, html block with newline", { GV_JSON, "\"<div\\nclass='multiline'>test</div>\"" }, 1, {
		{ "strip_html", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "test", NULL },
	{ "filters, strip html, html comment with newline", { GV_JSON, "\"<!-- foo bar \\n test -->test\"" }, 1, {
		{ "strip_html", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "test", NULL },
	{ "filters, strip html, not a string", { GV_JSON, "5" }, 1, {
		{ "strip_html", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, strip html, script block", { GV_JSON, "\"<script type='text/javascript'>document.write('some stuff');</script>\"" }, 1, {
		{ "strip_html", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, strip html, some HTML markup", { GV_JSON, "\"Have <em>you</em> read <strong>Ulysses</strong> &amp; &#20;?\"" }, 1, {
		{ "strip_html", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "Have you read Ulysses &amp; &#20;?", NULL },
	{ "filters, strip html, some HTML markup with HTML comment", { GV_JSON, "\"<!-- Have --><em>you</em> read <strong>Ulysses</strong> &amp; &#20;?\"" }, 1, {
		{ "strip_html", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "you read Ulysses &amp; &#20;?", NULL },
	{ "filters, strip html, style block", { GV_JSON, "\"<style type='text/css'>foo bar</style>\"" }, 1, {
		{ "strip_html", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, strip html, undefined left value", { GV_NIL, NULL }, 1, {
		{ "strip_html", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, strip html, unexpected argument", { GV_STR, "hello" }, 1, {
		{ "strip_html", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, strip newlines, newline and other whitespace", { GV_STR, "hello there\nyou" }, 1, {
		{ "strip_newlines", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "hello thereyou", NULL },
	{ "filters, strip newlines, not a string", { GV_JSON, "5" }, 1, {
		{ "strip_newlines", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, strip newlines, reference implementation test 1", { GV_STR, "a\nb\nc" }, 1, {
		{ "strip_newlines", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "abc", NULL },
	{ "filters, strip newlines, reference implementation test 2", { GV_STR, "a\r\nb\nc" }, 1, {
		{ "strip_newlines", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "abc", NULL },
	{ "filters, strip newlines, undefined left value", { GV_NIL, NULL }, 1, {
		{ "strip_newlines", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, strip newlines, unexpected argument", { GV_STR, "hello" }, 1, {
		{ "strip_newlines", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, sum, empty sequence", { GV_JSON, "[]" }, 1, {
		{ "sum", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, sum, hashes with numeric strings and property argument", { GV_JSON, "[{\"k\": \"1\"}, {\"k\": \"2\"}, {\"k\": \"3\"}]" }, 1, {
		{ "sum", 1, { { GV_STR, "k" } }, NULL, { 0, NULL } },
	}, "6", NULL },
	{ "filters, sum, hashes with property argument", { GV_JSON, "[{\"k\": 1}, {\"k\": 2}, {\"k\": 3}]" }, 1, {
		{ "sum", 1, { { GV_STR, "k" } }, NULL, { 0, NULL } },
	}, "6", NULL },
	{ "filters, sum, hashes with some missing properties", { GV_JSON, "[{\"k\": 1}, {\"k\": 2}, {\"x\": 3}]" }, 1, {
		{ "sum", 1, { { GV_STR, "k" } }, NULL, { 0, NULL } },
	}, "3", NULL },
	{ "filters, sum, hashes without property argument", { GV_JSON, "[{\"k\": 1}, {\"k\": 2}, {\"k\": 3}]" }, 1, {
		{ "sum", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, sum, ints", { GV_JSON, "[1, 2, 3]" }, 1, {
		{ "sum", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "6", NULL },
	{ "filters, sum, negative ints", { GV_JSON, "[-1, -2, -3]" }, 1, {
		{ "sum", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "-6", NULL },
	{ "filters, sum, negative strings", { GV_JSON, "[\"-1\", \"-2\", \"-3\"]" }, 1, {
		{ "sum", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "-6", NULL },
	{ "filters, sum, nested ints", { GV_JSON, "[1, [2, [3]]]" }, 1, {
		{ "sum", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "6", NULL },
	{ "filters, sum, only zeros", { GV_JSON, "[0, 0, 0]" }, 1, {
		{ "sum", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, sum, positive and negative ints", { GV_JSON, "[-2, -3, 10]" }, 1, {
		{ "sum", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, sum, properties arguments with non-hash items", { GV_JSON, "[1, 2, 3]" }, 1, {
		{ "sum", 1, { { GV_STR, "k" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, times, float times float", { GV_JSON, "5.0" }, 1, {
		{ "times", 1, { { GV_JSON, "2.1" } }, NULL, { 0, NULL } },
	}, "10.5", NULL },
	{ "filters, times, int times float", { GV_JSON, "5" }, 1, {
		{ "times", 1, { { GV_JSON, "2.1" } }, NULL, { 0, NULL } },
	}, "10.5", NULL },
	{ "filters, times, int times int", { GV_JSON, "5" }, 1, {
		{ "times", 1, { { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, "10", NULL },
	{ "filters, times, missing arg", { GV_JSON, "5" }, 1, {
		{ "times", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, times, negative multiplication", { GV_JSON, "-5" }, 1, {
		{ "times", 1, { { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, "-10", NULL },
	{ "filters, times, string times string", { GV_STR, "5.0" }, 1, {
		{ "times", 1, { { GV_STR, "2.1" } }, NULL, { 0, NULL } },
	}, "10.5", NULL },
	{ "filters, times, too many args", { GV_JSON, "5" }, 1, {
		{ "times", 2, { { GV_JSON, "1" }, { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, times, undefined argument", { GV_JSON, "5" }, 1, {
		{ "times", 1, { { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, times, undefined left value", { GV_NIL, NULL }, 1, {
		{ "times", 1, { { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, "0", NULL },
	{ "filters, truncate, custom end", { GV_STR, "Ground control to Major Tom." }, 1, {
		{ "truncate", 2, { { GV_JSON, "25" }, { GV_STR, ", and so on" } }, NULL, { 0, NULL } },
	}, "Ground control, and so on", NULL },
	{ "filters, truncate, default end", { GV_STR, "Ground control to Major Tom." }, 1, {
		{ "truncate", 1, { { GV_JSON, "20" } }, NULL, { 0, NULL } },
	}, "Ground control to...", NULL },
	{ "filters, truncate, default length is 50", { GV_STR, "Ground control to Major Tom. Ground control to Major Tom." }, 1, {
		{ "truncate", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "Ground control to Major Tom. Ground control to ...", NULL },
	{ "filters, truncate, no end", { GV_STR, "Ground control to Major Tom." }, 1, {
		{ "truncate", 2, { { GV_JSON, "20" }, { GV_STR, "" } }, NULL, { 0, NULL } },
	}, "Ground control to Ma", NULL },
	{ "filters, truncate, not a string", { GV_JSON, "5" }, 1, {
		{ "truncate", 1, { { GV_JSON, "10" } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, truncate, string is shorter than length", { GV_STR, "Ground control" }, 1, {
		{ "truncate", 1, { { GV_JSON, "20" } }, NULL, { 0, NULL } },
	}, "Ground control", NULL },
	{ "filters, truncate, too many arguments", { GV_STR, "hello" }, 1, {
		{ "truncate", 3, { { GV_JSON, "5" }, { GV_STR, "foo" }, { GV_STR, "bar" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, truncate, undefined first argument", { GV_STR, "Ground control to Major Tom." }, 1, {
		{ "truncate", 1, { { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, truncate, undefined left value", { GV_NIL, NULL }, 1, {
		{ "truncate", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, truncate, undefined second argument", { GV_STR, "Ground control to Major Tom." }, 1, {
		{ "truncate", 2, { { GV_JSON, "20" }, { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "Ground control to Ma", NULL },
	{ "filters, truncatewords, all whitespace is clobbered", { GV_STR, "    one    two three    four  " }, 1, {
		{ "truncatewords", 1, { { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, "one two...", NULL },
	{ "filters, truncatewords, custom end", { GV_STR, "Ground control to Major Tom." }, 1, {
		{ "truncatewords", 2, { { GV_JSON, "3" }, { GV_STR, "--" } }, NULL, { 0, NULL } },
	}, "Ground control to--", NULL },
	{ "filters, truncatewords, default end", { GV_STR, "Ground control to Major Tom." }, 1, {
		{ "truncatewords", 1, { { GV_JSON, "3" } }, NULL, { 0, NULL } },
	}, "Ground control to...", NULL },
	{ "filters, truncatewords, fewer words than word count", { GV_STR, "Ground control" }, 1, {
		{ "truncatewords", 1, { { GV_JSON, "3" } }, NULL, { 0, NULL } },
	}, "Ground control", NULL },
	{ "filters, truncatewords, no end", { GV_STR, "Ground control to Major Tom." }, 1, {
		{ "truncatewords", 2, { { GV_JSON, "3" }, { GV_STR, "" } }, NULL, { 0, NULL } },
	}, "Ground control to", NULL },
	{ "filters, truncatewords, not a string", { GV_JSON, "5" }, 1, {
		{ "truncatewords", 1, { { GV_JSON, "10" } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, truncatewords, number of words defaults to 15", { GV_STR, "a b c d e f g h i j k l m n o p q" }, 1, {
		{ "truncatewords", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "a b c d e f g h i j k l m n o...", NULL },
	{ "filters, truncatewords, reference implementation test 1", { GV_STR, "\xe6""\xb5""\x8b""\xe8""\xaf""\x95""\xe6""\xb5""\x8b""\xe8""\xaf""\x95""\xe6""\xb5""\x8b""\xe8""\xaf""\x95""\xe6""\xb5""\x8b""\xe8""\xaf""\x95""" }, 1, {
		{ "truncatewords", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, "\xe6""\xb5""\x8b""\xe8""\xaf""\x95""\xe6""\xb5""\x8b""\xe8""\xaf""\x95""\xe6""\xb5""\x8b""\xe8""\xaf""\x95""\xe6""\xb5""\x8b""\xe8""\xaf""\x95""", NULL },
	{ "filters, truncatewords, reference implementation test 2", { GV_STR, "one two three" }, 1, {
		{ "truncatewords", 2, { { GV_JSON, "2" }, { GV_JSON, "1" } }, NULL, { 0, NULL } },
	}, "one two1", NULL },
	{ "filters, truncatewords, reference implementation test 3", { GV_STR, "one  two\tthree\nfour" }, 1, {
		{ "truncatewords", 1, { { GV_JSON, "3" } }, NULL, { 0, NULL } },
	}, "one two three...", NULL },
	{ "filters, truncatewords, reference implementation test 4", { GV_STR, "one two three four" }, 1, {
		{ "truncatewords", 1, { { GV_JSON, "2" } }, NULL, { 0, NULL } },
	}, "one two...", NULL },
	{ "filters, truncatewords, reference implementation test 5", { GV_STR, "one two three four" }, 1, {
		{ "truncatewords", 1, { { GV_JSON, "0" } }, NULL, { 0, NULL } },
	}, "one...", NULL },
	{ "filters, truncatewords, too many arguments", { GV_STR, "hello" }, 1, {
		{ "truncatewords", 3, { { GV_JSON, "5" }, { GV_STR, "foo" }, { GV_STR, "bar" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, truncatewords, undefined first argument", { GV_STR, "one two three four" }, 1, {
		{ "truncatewords", 1, { { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, truncatewords, undefined left value", { GV_NIL, NULL }, 1, {
		{ "truncatewords", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, truncatewords, undefined second argument", { GV_STR, "one two three four" }, 1, {
		{ "truncatewords", 2, { { GV_JSON, "2" }, { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "one two", NULL },
	{ "filters, uniq, array of strings", { GV_JSON, "[\"a\", \"b\", \"b\", \"a\"]" }, 2, {
		{ "uniq", 0, { { 0, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "a#b", NULL },
	{ "filters, uniq, array of things", { GV_JSON, "[\"a\", \"b\", 1, 1]" }, 2, {
		{ "uniq", 0, { { 0, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "a#b#1", NULL },
	{ "filters, uniq, empty array", { GV_JSON, "[]" }, 2, {
		{ "uniq", 0, { { 0, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, uniq, left value is not an array", { GV_JSON, "123" }, 2, {
		{ "uniq", 0, { { 0, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "123", NULL },
	{ "filters, uniq, left value is undefined", { GV_NIL, NULL }, 2, {
		{ "uniq", 0, { { 0, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, uniq, too many arguments", { GV_NIL, NULL }, 1, {
		{ "uniq", 2, { { GV_STR, "foo" }, { GV_STR, "bar" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, uniq, unhashable items", { GV_JSON, "[\"a\", \"b\", [], {}, {}]" }, 2, {
		{ "uniq", 0, { { 0, NULL } }, NULL, { 0, NULL } },
		{ "join", 1, { { GV_STR, "#" } }, NULL, { 0, NULL } },
	}, "a#b#{}", NULL },
	{ "filters, upcase, make lower case", { GV_STR, "hello" }, 1, {
		{ "upcase", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "HELLO", NULL },
	{ "filters, upcase, not a string", { GV_JSON, "5" }, 1, {
		{ "upcase", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, upcase, undefined left value", { GV_NIL, NULL }, 1, {
		{ "upcase", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, upcase, unexpected argument", { GV_STR, "hello" }, 1, {
		{ "upcase", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, url decode, not a string", { GV_JSON, "5" }, 1, {
		{ "url_decode", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, url decode, some special URL characters", { GV_STR, "email+address+is+bob%40example.com%21" }, 1, {
		{ "url_decode", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "email address is bob@example.com!", NULL },
	{ "filters, url decode, undefined left value", { GV_NIL, NULL }, 1, {
		{ "url_decode", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, url decode, unexpected argument", { GV_STR, "hello" }, 1, {
		{ "url_decode", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, url encode, not a string", { GV_JSON, "5" }, 1, {
		{ "url_encode", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "5", NULL },
	{ "filters, url encode, some special URL characters", { GV_STR, "email address is bob@example.com!" }, 1, {
		{ "url_encode", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "email+address+is+bob%40example.com%21", NULL },
	{ "filters, url encode, undefined left value", { GV_NIL, NULL }, 1, {
		{ "url_encode", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, url encode, unexpected argument", { GV_STR, "hello" }, 1, {
		{ "url_encode", 1, { { GV_JSON, "5" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, where, both arguments are undefined", { GV_JSON, "[{\"title\": \"foo\"}, {\"title\": \"bar\"}, {\"title\": null}]" }, 1, {
		{ "where", 2, { { GV_NIL, NULL }, { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, where, first argument is undefined", { GV_JSON, "[{\"title\": \"foo\"}, {\"title\": \"bar\"}, {\"title\": null}]" }, 1, {
		{ "where", 1, { { GV_NIL, NULL } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, where, left value is not an array", { GV_JSON, "123" }, 1, {
		{ "where", 1, { { GV_STR, "title" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, where, left value is undefined", { GV_NIL, NULL }, 1, {
		{ "where", 1, { { GV_STR, "title" } }, NULL, { 0, NULL } },
	}, "", NULL },
	{ "filters, where, missing argument", { GV_JSON, "[{\"title\": \"foo\"}, {\"title\": \"bar\"}, {\"title\": null}]" }, 1, {
		{ "where", 0, { { 0, NULL } }, NULL, { 0, NULL } },
	}, NULL, NULL },
	{ "filters, where, too many arguments", { GV_JSON, "[{\"title\": \"foo\"}, {\"title\": \"bar\"}, {\"title\": null}]" }, 1, {
		{ "where", 3, { { GV_STR, "title" }, { GV_STR, "foo" }, { GV_STR, "bar" } }, NULL, { 0, NULL } },
	}, NULL, NULL },
};
