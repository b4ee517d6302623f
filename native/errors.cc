#include "errors.h"

#include <string.h>

namespace aosh {

std::string ErrnoName(int err) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
  if (const char* name = strerrorname_np(err)) return name;
#endif
  return "E" + std::to_string(err);
}

Napi::Error ErrnoError(Napi::Env env, int err, const char* syscall, const std::string& path) {
  std::string code = ErrnoName(err);
  std::string message = code + ": " + strerror(err) + ", " + syscall;
  if (!path.empty()) message += " '" + path + "'";
  Napi::Error error = Napi::Error::New(env, message);
  Napi::Object obj = error.Value();
  obj.Set("code", code);
  obj.Set("errno", -err);
  obj.Set("syscall", syscall);
  if (!path.empty()) obj.Set("path", path);
  return error;
}

std::string ErrnoText(int err, const char* syscall) {
  return std::string(syscall) + ": " + ErrnoName(err) + " (" + strerror(err) + ")";
}

}  // namespace aosh
