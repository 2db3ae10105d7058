/* error.c — the words for the core's error codes (CORE_E*), said at the edge by whoever reports them. */
#include "progress/core.h"

const char *core_strerror(int err)
{
    switch (err) {
    case CORE_OK: return "success";
    case CORE_EINVAL: return "invalid argument";
    case CORE_ERANGE: return "value out of range";
    case CORE_ENOENT: return "nothing there";
    case CORE_ECANCELED: return "stopped on request";
    default: return "unknown error";
    }
}
