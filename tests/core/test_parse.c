/* test_parse.c — one line's classification: bullets, keys, annotations, placeholders, None, signatures. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "parse.h"

/* Spans are written as "start-end" byte offsets; "-" means the flag is absent. */
struct line_case {
    char line[48];
    uint8_t kind;
    uint16_t flags;
    uint32_t text0, text1;
    uint32_t key0, key1, value0, value1;
    uint32_t annot0, annot1;
    uint32_t ph0, ph1;
};

ParameterizedTestParameters(parse, lines)
{
    static struct line_case cases[] = {
        {"", CORE_LINE_BLANK, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
        {"  \t ", CORE_LINE_BLANK, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
        {"=== Notes ===", CORE_LINE_HEADER, CORE_LINE_F_EQUALS | CORE_LINE_F_TEMPLATE, 4, 9, 0, 0, 0, 0, 0, 0, 0, 0},
        {"== Notes", CORE_LINE_TEXT, CORE_LINE_F_MALFORMED_HEADER | CORE_LINE_F_EQUALS | CORE_LINE_F_TEMPLATE, 3, 8, 0, 0, 0, 0, 0, 0, 0, 0},
        {"- item", CORE_LINE_TEXT, CORE_LINE_F_BULLET, 2, 6, 0, 0, 0, 0, 0, 0, 0, 0},
        {"* item", CORE_LINE_TEXT, CORE_LINE_F_BULLET, 2, 6, 0, 0, 0, 0, 0, 0, 0, 0},
        {"-item", CORE_LINE_TEXT, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0},
        {"Blockers: None", CORE_LINE_TEXT, CORE_LINE_F_KEY | CORE_LINE_F_PATH_COLON, 0, 14, 0, 8, 10, 14, 0, 0, 0, 0},
        {"Next task:", CORE_LINE_TEXT, CORE_LINE_F_KEY | CORE_LINE_F_GROUP, 0, 10, 0, 9, 10, 10, 0, 0, 0, 0},
        {"src/a.py (create)", CORE_LINE_TEXT, CORE_LINE_F_ANNOTATION, 0, 17, 0, 0, 0, 0, 9, 17, 0, 0},
        {"f(x: int) -> y", CORE_LINE_TEXT, CORE_LINE_F_PATH_COLON, 0, 14, 0, 0, 0, 0, 0, 0, 0, 0},
        {"T(a: int)", CORE_LINE_TEXT, CORE_LINE_F_PATH_COLON, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0},
        {"- x (reason: f(y))", CORE_LINE_TEXT, CORE_LINE_F_BULLET | CORE_LINE_F_ANNOTATION, 2, 18, 0, 0, 0, 0, 4,
         18, 0, 0},
        {"Next task: [What next]", CORE_LINE_TEXT, CORE_LINE_F_KEY | CORE_LINE_F_PLACEHOLDER, 0, 22, 0, 9, 11, 22, 0,
         0, 11, 22},
        {"Next: [未翻訳]", CORE_LINE_TEXT, CORE_LINE_F_KEY | CORE_LINE_F_PLACEHOLDER | CORE_LINE_F_PATH_COLON, 0, 17, 0, 4, 6, 17, 0, 0, 6, 17},
        {"use list[int] here", CORE_LINE_TEXT, 0, 0, 18, 0, 0, 0, 0, 0, 0, 0, 0},
        {"see [docs](http://x)", CORE_LINE_TEXT, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0},
        {"None", CORE_LINE_TEXT, CORE_LINE_F_NONE, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0},
        {"- none.", CORE_LINE_TEXT, CORE_LINE_F_BULLET | CORE_LINE_F_NONE, 2, 7, 0, 0, 0, 0, 0, 0, 0, 0},
        {"==========", CORE_LINE_TEXT, CORE_LINE_F_EQUALS, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0},
    };
    return cr_make_param_array(struct line_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct line_case *c, parse, lines)
{
    CoreLineInfo in;
    core_line_parse(c->line, (uint32_t)strlen(c->line), &in);
    cr_assert_eq(in.kind, c->kind, "\"%s\": kind", c->line);
    cr_assert_eq(in.flags, c->flags, "\"%s\": flags %#x, expected %#x", c->line, in.flags, c->flags);
    cr_assert(in.text.start == c->text0 && in.text.end == c->text1, "\"%s\": text %u-%u", c->line, in.text.start,
              in.text.end);
    if (c->flags & CORE_LINE_F_KEY) {
        cr_assert(in.key.start == c->key0 && in.key.end == c->key1, "\"%s\": key", c->line);
        cr_assert(in.value.start == c->value0 && in.value.end == c->value1, "\"%s\": value", c->line);
    }
    if (c->flags & CORE_LINE_F_ANNOTATION)
        cr_assert(in.annotation.start == c->annot0 && in.annotation.end == c->annot1, "\"%s\": annotation",
                  c->line);
    if (c->flags & CORE_LINE_F_PLACEHOLDER)
        cr_assert(in.placeholder.start == c->ph0 && in.placeholder.end == c->ph1, "\"%s\": placeholder", c->line);
}

struct sig_case {
    char body[48];
    char name[16], params[32], ret[16];
    int unbalanced;
};

ParameterizedTestParameters(parse, signatures)
{
    static struct sig_case cases[] = {
        {"generate_token(credentials: Creds) -> str", "generate_token", "credentials: Creds", "str", 0},
        {"validate(t: str) -> Payload | None", "validate", "t: str", "Payload | None", 0},
        {"TokenPayload(sub: str)", "TokenPayload", "sub: str", "", 0},
        {"get(k: str): Promise<V>", "get", "k: str", "Promise<V>", 0},
        {"Cache::get(key) -> V", "Cache::get", "key", "V", 0},
        {"timeout: int", "timeout", "", "int", 0},
        {"f(x: list[int] -> int", "f", "x: list[int] -> int", "", 1},
        {"f(x)) -> y", "f", "x", "", 1}, /* a stray closer ends the reading */
        {"f(a: Map<K, V>) => void", "f", "a: Map<K, V>", "", 0},
    };
    return cr_make_param_array(struct sig_case, cases, sizeof cases / sizeof cases[0]);
}

static void assert_span(const char *s, CoreSpan sp, const char *want, const char *what)
{
    size_t n = strlen(want);
    cr_assert(sp.end - sp.start == n && memcmp(s + sp.start, want, n) == 0, "%s: \"%.*s\", expected \"%s\"", what,
              (int)(sp.end - sp.start), s + sp.start, want);
}

ParameterizedTest(struct sig_case *c, parse, signatures)
{
    CoreSig sig;
    core_sig_parse(c->body, (CoreSpan){0, (uint32_t)strlen(c->body)}, &sig);
    assert_span(c->body, sig.name, c->name, "name");
    assert_span(c->body, sig.params, c->params, "params");
    assert_span(c->body, sig.ret, c->ret, "return");
    cr_assert_eq(sig.unbalanced, c->unbalanced, "\"%s\": balance", c->body);
}
