/* uri.h — file:// URIs to absolute paths and back, the one place that knows percent-encoding. */
#ifndef LSP_URI_H
#define LSP_URI_H

/*
 * The absolute path named by `uri` (borrowed): a `file:` URI with an empty or `localhost` authority,
 * percent-decoded. Returns a new string (caller frees), or NULL for another scheme, a remote host, a
 * relative path, a bad escape or an encoded NUL.
 */
char *lsp_uri_to_path(const char *uri);

/* The `file://` URI of the absolute `path` (borrowed), bytes other than unreserved ones and '/' percent-encoded. Caller frees. */
char *lsp_uri_from_path(const char *path);

#endif
