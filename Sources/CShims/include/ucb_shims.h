#ifndef UCB_SHIMS_H
#define UCB_SHIMS_H
/* Typed wrappers for the variadic C calls that Swift cannot make.
 * Each wrapper forwards one argument type; no logic lives here. */
#include <curl/curl.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <stdint.h>
#include <stdarg.h>
#include <microhttpd.h>

/* curl_easy_setopt is variadic: one wrapper per argument kind. */
CURLcode ucb_easy_setopt_long(CURL *h, CURLoption opt, long value);
CURLcode ucb_easy_setopt_string(CURL *h, CURLoption opt, const char *value);
CURLcode ucb_easy_setopt_pointer(CURL *h, CURLoption opt, void *value);
CURLcode ucb_easy_setopt_slist(CURL *h, CURLoption opt, struct curl_slist *value);
CURLcode ucb_easy_setopt_off_t(CURL *h, CURLoption opt, curl_off_t value);
typedef size_t (*ucb_write_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
CURLcode ucb_easy_setopt_write_function(CURL *h, CURLoption opt, ucb_write_callback cb);

/* curl_easy_getinfo is variadic as well. */
CURLcode ucb_easy_getinfo_long(CURL *h, CURLINFO info, long *out);
CURLcode ucb_easy_getinfo_string(CURL *h, CURLINFO info, char **out);
CURLcode ucb_easy_getinfo_double(CURL *h, CURLINFO info, double *out);
CURLcode ucb_easy_getinfo_socket(CURL *h, CURLINFO info, curl_socket_t *out);
CURLcode ucb_easy_getinfo_pointer(CURL *h, CURLINFO info, void **out);
CURLcode ucb_easy_getinfo_off_t(CURL *h, CURLINFO info, curl_off_t *out);

CURLMcode ucb_multi_setopt_long(CURLM *h, CURLMoption opt, long value);

/* MHD_start_daemon takes a variadic option list; ucbridge always passes a
 * pre-bound listen socket, a connection timeout and a thread-pool/connection limit. */
struct MHD_Daemon *ucb_mhd_start_daemon(unsigned int flags,
                                        int listen_fd,
                                        unsigned int connection_timeout_s,
                                        unsigned int connection_limit,
                                        MHD_AccessHandlerCallback handler,
                                        void *handler_cls,
                                        MHD_RequestCompletedCallback completed,
                                        void *completed_cls);

/* MHD_get_connection_info is variadic; ucbridge only asks for the client fd. */
int ucb_mhd_connection_fd(struct MHD_Connection *connection);

/* MHD_set_connection_option is variadic; only the per-connection timeout is used. */
enum MHD_Result ucb_mhd_set_connection_timeout(struct MHD_Connection *connection, unsigned int seconds);

/* malloc_trim is glibc-specific and not exported by Swift's Glibc module. */
int ucb_malloc_trim(size_t pad);

#endif
