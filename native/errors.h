// JS errors carrying errno information, shaped like Node's own system errors
// (fs.openSync('nope') -> { code: 'ENOENT', errno: -2, syscall: 'open', path: 'nope' }).
#pragma once

#include <napi.h>

#include <string>

namespace aosh {

// "ENOENT" for ENOENT; "E<n>" when the C library does not know the number.
std::string ErrnoName(int err);

// Error with .code (errno name), .errno (negative, as in Node), .syscall and,
// when given, .path. Message: "ENOENT: No such file or directory, execve '/x'".
Napi::Error ErrnoError(Napi::Env env, int err, const char* syscall, const std::string& path = "");

// "splice: EIO (Input/output error)" - the string form handed to callbacks.
std::string ErrnoText(int err, const char* syscall);

}  // namespace aosh
