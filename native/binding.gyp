# Built by scripts/build-native.mjs (node-gyp rebuild) into build/Release/aosh_native.node.
{
  "targets": [
    {
      "target_name": "aosh_native",
      "sources": ["addon.cc", "errors.cc", "spawn.cc", "wait.cc", "relay.cc"],
      # C++ exceptions are ON (node-addon-api "except_all"): Napi::Error and any
      # std::exception thrown by a binding become JS exceptions instead of aborting.
      # Nothing after fork() in the child throws or allocates.
      "dependencies": [
        "<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except_all"
      ],
      "defines": ["_GNU_SOURCE", "NAPI_VERSION=8"],
      "cflags!": ["-O3", "-fno-exceptions"],
      "cflags_cc!": ["-O3", "-fno-exceptions", "-std=gnu++17", "-std=gnu++20"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "cflags_cc": ["-std=c++17", "-fexceptions"],
      "conditions": [
        ["OS!='linux'", { "sources!": ["spawn.cc", "wait.cc", "relay.cc"] }]
      ]
    }
  ]
}
