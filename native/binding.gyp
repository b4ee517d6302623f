# Built by scripts/build-native.mjs (node-gyp rebuild) into build/Release/:
#   aosh_native.node  the addon the kernel loads (src/kernel/native.ts)
#   aosh-world        the world process: starter, zygote, stages, fs helper (world/)
{
  "targets": [
    {
      "target_name": "aosh_native",
      "sources": ["addon.cc", "errors.cc", "spawn.cc", "wait.cc", "relay.cc", "tunnel.cc", "world_client.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      # C++ exceptions are ON, as node-addon-api's "except_all" target sets them up
      # (not used as a gyp dependency: it leaves generated makefiles in native/node_modules):
      # Napi::Error and any std::exception thrown by a binding become JS exceptions.
      # Nothing after clone() in the child throws or allocates.
      "defines": ["_GNU_SOURCE", "NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_CPP_EXCEPTIONS_ALL"],
      "cflags!": ["-O3", "-fno-exceptions"],
      "cflags_cc!": ["-O3", "-fno-exceptions", "-std=gnu++17", "-std=gnu++20"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "cflags_cc": ["-std=c++17", "-fexceptions"]
    },
    {
      # A plain executable, no Node: small, so that forking a stage from it is cheap.
      "target_name": "aosh-world",
      "type": "executable",
      "sources": ["world/zygote.cc", "world/build.cc", "world/stage.cc", "world/notify.cc", "world/fshelper.cc", "world/filter.cc", "world/util.cc", "world/sockdiag.cc"],
      "defines": ["_GNU_SOURCE"],
      "cflags!": ["-O3"],
      "cflags_cc!": ["-O3", "-std=gnu++17", "-std=gnu++20"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "cflags_cc": ["-std=c++17", "-fno-exceptions"],
      "ldflags": ["-static-libstdc++", "-static-libgcc"]
    }
  ]
}
